import { ArchiveError } from '../errors.js';
import { ancestorsOf, normalizeEntryName, parentOf } from './entry-name.js';
import type { RawEntry } from './tar-parser.js';
import type { EntryInfo } from './types.js';

type Kind = EntryInfo['type'];

const TYPES: Record<string, Kind> = { '0': 'file', '7': 'file', '1': 'link', '2': 'symlink', '5': 'directory' };
const REFUSED: Record<string, string> = {
  '3': 'character device',
  '4': 'block device',
  '6': 'fifo',
  S: 'GNU sparse file',
  V: 'GNU volume header',
  M: 'GNU multi-volume continuation',
  D: 'GNU dump directory',
};
const MAX_SYMLINK_HOPS = 40;

/** Permission bits kept on output: no setuid/setgid/sticky, nothing world-writable. */
export function sanitizeMode(mode: number): number {
  return mode & 0o777 & ~0o002;
}

/** A checked member: what readers see, and whether its stored mode had to be cleaned. */
export interface CheckedEntry {
  info: EntryInfo;
  /** The stored mode has setuid/setgid/sticky or world-writable bits (stripped in `info.mode`). */
  modeStripped: boolean;
}

/**
 * The safety rules every member must pass, applied in archive order. Keeps what it has seen
 * to catch collisions (a file over a folder, a path through a symlink, a duplicate whose
 * meaning differs between GNU tar and Python) and, at the end, resolves every symlink through
 * the others to prove none leaves the archive root.
 */
export class EntryRules {
  private readonly kinds = new Map<string, Kind>();
  private readonly implicitDirs = new Set<string>();
  private readonly symlinks = new Map<string, string>();
  private readonly hardLinked = new Set<string>();

  /** Checks one member; returns undefined for the archive root folder (`./`). */
  check(raw: RawEntry): CheckedEntry | undefined {
    // Old (v7) archives mark folders only by a trailing slash on a regular-file header.
    const kind = raw.typeflag === '0' && raw.name.endsWith('/') && raw.size === 0 ? 'directory' : TYPES[raw.typeflag];
    if (!kind) {
      const what = REFUSED[raw.typeflag] ?? `unknown entry type '${raw.typeflag}'`;
      throw new ArchiveError(`${what} entries are not allowed`, raw.name);
    }
    const name = normalizeEntryName(raw.name);
    if (name === '') {
      if (kind !== 'directory') throw new ArchiveError(`a ${kind} cannot be the archive root`, raw.name);
      return undefined;
    }
    this.checkAncestors(name);
    this.checkCollision(name, kind);
    let linkname: string | undefined;
    if (kind === 'link') linkname = this.checkHardLink(name, raw.linkname);
    if (kind === 'symlink') linkname = this.checkSymlink(name, raw.linkname);
    this.kinds.set(name, kind);
    const mode = sanitizeMode(raw.mode);
    const info: EntryInfo = {
      name,
      type: kind,
      size: kind === 'file' ? raw.size : 0,
      mode,
      mtime: new Date(raw.mtime * 1000),
      uid: raw.uid,
      gid: raw.gid,
    };
    if (linkname !== undefined) info.linkname = linkname;
    if (raw.uname) info.uname = raw.uname;
    if (raw.gname) info.gname = raw.gname;
    return { info, modeStripped: mode !== (raw.mode & 0o777) || (raw.mode & 0o7000) !== 0 };
  }

  /** After the last member: every symlink, followed through the others, stays inside. */
  finish(): void {
    for (const [name, target] of this.symlinks) this.resolveSymlink(name, target);
  }

  private checkAncestors(name: string): void {
    for (const ancestor of ancestorsOf(name)) {
      const kind = this.kinds.get(ancestor);
      if (kind === 'symlink') throw new ArchiveError(`path goes through the symlink '${ancestor}'`, name);
      if (kind === 'file' || kind === 'link') throw new ArchiveError(`parent '${ancestor}' is a file, not a folder`, name);
      this.implicitDirs.add(ancestor);
    }
  }

  private checkCollision(name: string, kind: Kind): void {
    const previous = this.kinds.get(name) ?? (this.implicitDirs.has(name) ? 'directory' : undefined);
    if (previous === undefined) return;
    if (kind === 'directory') {
      if (previous !== 'directory') throw new ArchiveError(`directory over an earlier ${previous} of the same name`, name);
      return;
    }
    if (previous === 'directory') throw new ArchiveError(`${kind} over a directory of the same name`, name);
    if (kind === 'file' && previous === 'file') {
      // Last one wins in every reader, unless a hard link shares the old bytes (GNU tar keeps
      // them, Python overwrites them in place).
      if (this.hardLinked.has(name)) {
        throw new ArchiveError('duplicate of a hard-linked file (readers disagree on the result)', name);
      }
      return;
    }
    throw new ArchiveError(`duplicate entry: a ${kind} over an earlier ${previous} of the same name`, name);
  }

  private checkHardLink(name: string, linkname: string): string {
    let target: string;
    try {
      target = normalizeEntryName(linkname);
    } catch (error) {
      throw new ArchiveError(`hard link target '${linkname}' leaves the archive root`, name, { cause: error });
    }
    if (this.kinds.get(target) !== 'file') {
      throw new ArchiveError(`hard link target '${linkname}' is not an earlier file of the archive`, name);
    }
    this.hardLinked.add(target);
    return target;
  }

  private checkSymlink(name: string, linkname: string): string {
    if (linkname === '') throw new ArchiveError('symlink with an empty target', name);
    if (linkname.startsWith('/')) throw new ArchiveError(`symlink to an absolute path '${linkname}'`, name);
    let depth = parentOf(name) === '' ? 0 : parentOf(name).split('/').length;
    for (const part of linkname.split('/')) {
      if (part === '..') depth -= 1;
      else if (part !== '' && part !== '.') depth += 1;
      if (depth < 0) throw new ArchiveError(`symlink target '${linkname}' leaves the archive root`, name);
    }
    this.symlinks.set(name, linkname);
    return linkname;
  }

  private resolveSymlink(name: string, target: string): void {
    const stack = parentOf(name) === '' ? [] : parentOf(name).split('/');
    const todo = target.split('/').reverse();
    let hops = 0;
    while (todo.length > 0) {
      const part = todo.pop() as string;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (stack.length === 0) {
          throw new ArchiveError(`symlink target '${target}' leaves the archive root through other symlinks`, name);
        }
        stack.pop();
        continue;
      }
      stack.push(part);
      const link = this.symlinks.get(stack.join('/'));
      if (link === undefined) continue;
      hops += 1;
      if (hops > MAX_SYMLINK_HOPS) throw new ArchiveError(`symlink loop through '${stack.join('/')}'`, name);
      stack.pop();
      todo.push(...link.split('/').reverse());
    }
  }
}
