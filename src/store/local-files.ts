/** Walking a folder as the stores see it: files only, in-flight temp files left out. */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isTempName } from '../fs/atomic-write.js';

/** Every regular file under `dir`, as paths relative to it with '/' separators, sorted. */
export async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string): Promise<void> => {
    for (const ent of await readdir(d, { withFileTypes: true })) {
      const full = join(d, ent.name);
      if (ent.isDirectory()) await visit(full);
      else if (ent.isFile() && !isTempName(ent.name)) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  await visit(dir);
  return out.sort();
}
