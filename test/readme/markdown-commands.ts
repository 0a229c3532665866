/**
 * The shell commands of a Markdown file, for the README test. Every fenced block marked `sh`,
 * `bash`, `shell` or with no language, and every indented (4-space) code block, is commands:
 * one per line, `\`-continued lines joined, blank and comment-only lines dropped.
 *
 * What the text announces, the test expects:
 * - a trailing `# exits N` comment: that command must exit N (anything else fails);
 * - a trailing `# prints "text"` comment: its output must contain that text;
 * - a command ending in `&`: a service (an inventory, ...) started in the background; the next
 *   command waits until it has printed its first line (it is listening) or has exited;
 * - `<!-- readme-test: skip: <reason> -->` on the line before a block: its commands are not run
 *   (benchmarks, ...), but each `npm run <script>` in it must name a script of package.json;
 * - in docs/*.md, only blocks with `<!-- readme-test: try it -->` on the line before are taken.
 */

export interface MarkdownCommand {
  /** `README.md:42` (first line of the command). */
  where: string;
  /** The command as a shell reads it (continuations kept, so it runs exactly as written). */
  text: string;
  /** The exit code the text announces (0 unless `# exits N`). */
  expectExit: number;
  /** Text its output must contain (`# prints "..."`). */
  expectOutput?: string;
  background: boolean;
  /** False in a `skip` block. */
  run: boolean;
  skipReason?: string;
}

const COMMAND_LANGS = new Set(['', 'sh', 'bash', 'shell']);
const MARKER = /^<!--\s*readme-test:\s*(skip|try it)\s*:?\s*(.*?)\s*-->\s*$/;

interface Block {
  firstLine: number;
  lines: string[];
  marker?: { kind: 'skip' | 'try it'; reason: string };
}

function blocksOf(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  const markerBefore = (i: number): Block['marker'] => {
    const m = MARKER.exec((lines[i - 1] ?? '').trim());
    return m ? { kind: m[1] as 'skip' | 'try it', reason: m[2] ?? '' } : undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = /^(\s*)(```+|~~~+)\s*([\w-]*)/.exec(line);
    if (fence) {
      const close = fence[2] as string;
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !(lines[j] as string).trim().startsWith(close)) body.push(lines[j++] as string);
      if (COMMAND_LANGS.has((fence[3] ?? '').toLowerCase())) blocks.push({ firstLine: i + 2, lines: body, marker: markerBefore(i) });
      i = j;
      continue;
    }
    // An indented code block starts after a blank line (not inside a list item's text).
    if (/^ {4}\S/.test(line) && (i === 0 || (lines[i - 1] as string).trim() === '' || MARKER.test((lines[i - 1] as string).trim()))) {
      const prevText = lines.slice(0, i).reverse().find((l) => l.trim() !== '' && !MARKER.test(l.trim())) ?? '';
      if (/^\s*([-*+]|\d+\.)\s/.test(prevText) && !/^ {4}/.test(prevText)) continue;
      const body: string[] = [];
      let j = i;
      while (j < lines.length && (/^ {4}/.test(lines[j] as string) || ((lines[j] as string).trim() === '' && /^ {4}\S/.test(lines[j + 1] ?? '')))) {
        body.push((lines[j] as string).slice(4));
        j++;
      }
      const marker = markerBefore(i) ?? (lines[i - 1] === '' ? markerBefore(i - 1) : undefined);
      blocks.push({ firstLine: i + 1, lines: body, ...(marker ? { marker } : {}) });
      i = j - 1;
    }
  }
  return blocks;
}

/** A `#` that starts a comment: at the start, or after whitespace and outside quotes. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return i;
  }
  return -1;
}

/** The commands of one Markdown file. `docs` files contribute only their "try it" blocks. */
export function markdownCommands(markdown: string, file: string, opts: { tryItOnly?: boolean } = {}): MarkdownCommand[] {
  const out: MarkdownCommand[] = [];
  for (const block of blocksOf(markdown)) {
    if (opts.tryItOnly && block.marker?.kind !== 'try it') continue;
    const skip = block.marker?.kind === 'skip';
    for (let i = 0; i < block.lines.length; i++) {
      const start = i;
      const parts: string[] = [];
      let comments = '';
      for (;;) {
        const line = block.lines[i] as string;
        const at = commentStart(line);
        const code = (at < 0 ? line : line.slice(0, at)).trimEnd();
        if (at >= 0) comments += ` ${line.slice(at + 1)}`;
        if (code.endsWith('\\') && i + 1 < block.lines.length) {
          parts.push(code);
          i++;
          continue;
        }
        parts.push(code);
        break;
      }
      const text = parts.join('\n').trim();
      if (text === '') continue;
      const exits = /\bexits (\d+)\b/.exec(comments);
      const background = /(^|[^&])&$/.test(text);
      const prints = /\bprints "([^"]+)"/.exec(comments);
      out.push({
        where: `${file}:${block.firstLine + start}`,
        text,
        expectExit: exits ? Number(exits[1]) : 0,
        ...(prints ? { expectOutput: prints[1] as string } : {}),
        background,
        run: !skip,
        ...(skip ? { skipReason: block.marker?.reason ?? '' } : {}),
      });
    }
  }
  return out;
}
