import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ArchiveError } from '../errors.js';
import { normalizeEntryName } from './entry-name.js';
import type { InjectFile } from './types.js';

/**
 * Lists a folder tree as InjectFiles under `prefix` (e.g. 'code/'), sorted by name. Symlinks
 * are followed when they stay inside the folder and refused when they leave it; sockets, fifos
 * and devices are refused. Empty folders are not listed. No mtime is taken from the files:
 * the archive writers stamp every added member with memberTime() (reproducible bytes).
 */
export async function filesFromDirectory(dir: string, prefix = ''): Promise<InjectFile[]> {
  const root = await realpath(dir);
  const base = prefix === '' ? '' : `${normalizeEntryName(prefix)}/`;
  const out: InjectFile[] = [];
  await walk(root, root, '', base, out, new Set([root]));
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function walk(root: string, real: string, rel: string, base: string, out: InjectFile[], seen: Set<string>): Promise<void> {
  const names = (await readdir(real)).sort();
  for (const name of names) {
    const path = join(real, name);
    const relName = rel === '' ? name : `${rel}/${name}`;
    const entryName = `${base}${relName}`;
    let info = await lstat(path);
    let target = path;
    if (info.isSymbolicLink()) {
      target = await realpath(path).catch(() => {
        throw new ArchiveError(`symlink ${path} points to nothing`, entryName);
      });
      if (target !== root && !target.startsWith(root + sep)) {
        throw new ArchiveError(`symlink ${path} leaves the folder (points to ${relative(root, target)})`, entryName);
      }
      info = await stat(target);
    }
    if (info.isDirectory()) {
      if (seen.has(target)) throw new ArchiveError(`symlink loop at ${path}`, entryName);
      await walk(root, target, relName, base, out, new Set([...seen, target]));
    } else if (info.isFile()) {
      out.push({ name: entryName, source: target, mode: info.mode & 0o777 });
    } else {
      throw new ArchiveError(`${path} is not a regular file or folder (sockets, fifos and devices cannot be packed)`, entryName);
    }
  }
}
