/**
 * Failure reasons are shown to every reader (API and page): they must not tell where the
 * server keeps its files. Known roots become labels; any other absolute path keeps only its
 * last component.
 */

export interface RedactRoots {
  /** Root folder -> what to show instead, e.g. `/srv/inventory/work` -> `<work>`. */
  [root: string]: string;
}

const OTHER_ABSOLUTE_PATH = /(?<![\w:/.~>-])\/(?:[^\s'"`/:]+\/)+([^\s'"`/:]+)/g;

export function redactPaths(text: string, roots: RedactRoots): string {
  let out = text;
  // longest first, so /data/work is not left as <data-dir>/work when both are known
  for (const root of Object.keys(roots).sort((a, b) => b.length - a.length)) {
    if (root.length > 1) out = out.split(root).join(roots[root]!);
  }
  return out.replace(OTHER_ABSOLUTE_PATH, '…/$1');
}
