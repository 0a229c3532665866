import { ArchiveError } from '../errors.js';

/**
 * The canonical form of an archive path: `./a//b/` -> `a/b`. Rejects absolute paths and any
 * `..` component (GNU tar refuses those too), naming the raw entry.
 * Returns '' for the archive root (`./`).
 */
export function normalizeEntryName(raw: string): string {
  if (raw.includes('\0')) throw new ArchiveError('name contains a NUL byte', raw);
  if (raw.startsWith('/')) throw new ArchiveError('absolute path (must be relative to the archive root)', raw);
  if (/^[A-Za-z]:[\\/]/.test(raw)) throw new ArchiveError('absolute Windows path', raw);
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new ArchiveError("path contains a '..' component (escapes the archive root)", raw);
    parts.push(part);
  }
  return parts.join('/');
}

/** The parent folder of a normalized name ('' for top-level names). */
export function parentOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? '' : name.slice(0, slash);
}

/** Every ancestor folder of a normalized name, outermost first (`a/b/c` -> `a`, `a/b`). */
export function ancestorsOf(name: string): string[] {
  const out: string[] = [];
  let index = name.indexOf('/');
  while (index >= 0) {
    out.push(name.slice(0, index));
    index = name.indexOf('/', index + 1);
  }
  return out;
}
