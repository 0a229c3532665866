/**
 * Runs Markdown commands in order in one bash, as a reader would paste them, and reports each
 * command's exit code and output. The shell runs in its own network and process namespaces
 * (bwrap), so the fixed ports the README shows (an inventory on 8479, moto) never meet another
 * test run, and every service a command started in the background dies with it.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MarkdownCommand } from './markdown-commands.js';

export interface CommandOutcome {
  command: MarkdownCommand;
  /** Undefined when the command never ran (an earlier one ended the shell). */
  exitCode?: number;
  output: string;
}

export interface RunSetup {
  /** The clone-like folder: every file set starts here (`cd` back before each file). */
  root: string;
  /** Lines run before the first command (env, helpers); their output is not reported. */
  prelude: string;
  /** A line run before every command but the first (e.g. wait for a service). */
  beforeCommand?: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

const MARK = '::readme-test::';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The bash script: prelude, then per command a marker, the command as written, its status. */
export function scriptFor(files: { commands: MarkdownCommand[] }[], setup: RunSetup): string {
  const lines = ['set -u', 'shopt -s expand_aliases', `exec 3>${shellQuote(join(setup.root, '.readme-test-status'))}`, setup.prelude];
  let n = 0;
  for (const file of files) {
    lines.push(`cd ${shellQuote(setup.root)}`);
    for (const command of file.commands) {
      const id = n++;
      if (!command.run) continue;
      if (setup.beforeCommand && id > 0) lines.push(setup.beforeCommand);
      lines.push(`echo ${shellQuote(`${MARK}${id}`)}`);
      if (command.background) {
        const log = join(setup.root, `.readme-test-bg-${id}.log`);
        lines.push(`( ${command.text.replace(/&$/, '')} ) > ${shellQuote(log)} 2>&1 &`);
        lines.push(`__rc=$?; __pid=$!; echo "${id} $__rc" >&3`);
        // Wait until the service printed its first line (it is listening) or has ended.
        lines.push(`for __i in $(seq 600); do [ -s ${shellQuote(log)} ] && break; kill -0 $__pid 2>/dev/null || break; sleep 0.1; done; sleep 0.2; cat ${shellQuote(log)}`);
      } else {
        lines.push(command.text);
        lines.push(`echo "${id} $?" >&3`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Runs every file's commands in one shell; resolves with one outcome per command. */
export async function runCommands(files: { commands: MarkdownCommand[] }[], setup: RunSetup): Promise<{ outcomes: CommandOutcome[]; log: string }> {
  const script = join(setup.root, '.readme-test.sh');
  await writeFile(script, scriptFor(files, setup));
  const args = ['--dev-bind', '/', '/', '--unshare-net', '--unshare-pid', '--proc', '/proc', '--die-with-parent', '--chdir', setup.root, 'bash', script];
  const log = await new Promise<string>((resolve, reject) => {
    const child = spawn('bwrap', args, { env: setup.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      out += `\n[readme-test] killed after ${setup.timeoutMs / 1000} s\n`;
      child.kill('SIGKILL');
    }, setup.timeoutMs);
    child.on('error', (error) => reject(new Error(`cannot start bwrap (${error.message}); install it with: apt-get install bubblewrap`)));
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
  const status = new Map<number, number>();
  for (const line of (await readFile(join(setup.root, '.readme-test-status'), 'utf8').catch(() => '')).split('\n')) {
    const m = /^(\d+) (\d+)$/.exec(line);
    if (m) status.set(Number(m[1]), Number(m[2]));
  }
  const outputs = new Map<number, string>();
  const pieces = log.split(MARK);
  for (const piece of pieces.slice(1)) {
    const m = /^(\d+)\n?/.exec(piece);
    if (m) outputs.set(Number(m[1]), piece.slice(m[0].length));
  }
  const outcomes: CommandOutcome[] = [];
  let n = 0;
  for (const file of files) {
    for (const command of file.commands) {
      const id = n++;
      const exitCode = status.get(id);
      outcomes.push({ command, output: outputs.get(id) ?? '', ...(exitCode !== undefined ? { exitCode } : {}) });
    }
  }
  return { outcomes, log: pieces[0] ?? '' };
}
