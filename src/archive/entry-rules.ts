import { ArchiveError } from '../errors.js';
import { ancestorsOf, foldName, linkTargetParts, normalizeEntryName, parentOf } from './entry-name.js';
import { SymlinkResolver } from './symlink-resolver.js';
import type { RawEntry } from './tar-parser.js';
import type { EntryInfo } from './types.js';

type Kind = EntryInfo['type'];

const TYPES: Record<string, Kind> = { '0': 'file', '7': 'file', '1': 'link', '2': 'symlink', '5': 'directory' };
const REFUSED: Record<string, [what: string, reason: string]> = {
  '3': ['character device', 'special-file'],
  '4': ['block device', 'special-file'],
  '6': ['fifo', 'special-file'],
  S: ['GNU sparse file', 'sparse'],
  V: ['GNU volume header', 'unknown-type'],
  M: ['GNU multi-volume continuation', 'unknown-type'],
  D: ['GNU dump directory', 'unknown-type'],
};

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
 * the others to prove none leaves the archive root. Collisions and paths through symlinks are
 * judged on folded names too (`Dir` and `dir`, NFC and NFD are one file on macOS and Windows),
 * and symlinks are resolved both exactly (Linux) and folded.
 */
export class EntryRules {
  /** Kind per exact name. */
  private readonly kinds = new Map<string, Kind>();
  /** Kind per folded name (what a case-insensitive file system holds there). */
  private readonly folded = new Map<string, Kind>();
  /** Folded names of the folders members imply. */
  private readonly implicitDirs = new Set<string>();
  private readonly hardLinked = new Set<string>();
  private readonly exactLinks = new SymlinkResolver((part) => part);
  private readonly foldedLinks = new SymlinkResolver(foldName);

  /** Checks one member; returns undefined for the archive root folder (`./`). */
  check(raw: RawEntry): CheckedEntry | undefined {
    // Old (v7) archives mark folders only by a trailing slash on a regular-file header.
    const kind = raw.typeNul && raw.name.endsWith('/') && raw.size === 0 ? 'directory' : TYPES[raw.typeflag];
    if (!kind) {
      const [what, reason] = REFUSED[raw.typeflag] ?? [`unknown entry type '${raw.typeflag}'`, 'unknown-type'];
      throw new ArchiveError(`${what} entries are not allowed`, raw.name, { reason });
    }
    // 'a/.' names the folder 'a': GNU tar and CPython make a folder and fail, bsdtar writes a file.
    if (kind !== 'directory' && /(^|\/)\.\/*$/.test(raw.name)) {
      throw new ArchiveError(`a ${kind} whose name ends in '/.' (a folder for GNU tar and CPython)`, raw.name, { reason: 'trailing-slash' });
    }
    const name = normalizeEntryName(raw.name);
    if (name === '') {
      if (kind !== 'directory') throw new ArchiveError(`a ${kind} cannot be the archive root`, raw.name, { reason: 'collision' });
      return undefined;
    }
    const folded = foldName(name);
    this.checkAncestors(name, folded);
    this.checkCollision(name, folded, kind);
    let linkname: string | undefined;
    if (kind === 'link') linkname = this.checkHardLink(name, raw.linkname);
    if (kind === 'symlink') linkname = this.checkSymlink(name, raw.linkname);
    this.kinds.set(name, kind);
    this.folded.set(folded, kind);
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
    this.exactLinks.check();
    this.foldedLinks.check();
  }

  private checkAncestors(name: string, folded: string): void {
    const names = ancestorsOf(name);
    const keys = ancestorsOf(folded);
    for (const [i, key] of keys.entries()) {
      const ancestor = names[i] ?? key;
      const kind = this.folded.get(key);
      if (kind === 'symlink') throw new ArchiveError(`path goes through the symlink '${ancestor}'`, name, { reason: 'through-symlink' });
      if (kind === 'file' || kind === 'link') {
        throw new ArchiveError(`parent '${ancestor}' is a file, not a folder`, name, { reason: 'collision' });
      }
      this.implicitDirs.add(key);
    }
  }

  private checkCollision(name: string, folded: string, kind: Kind): void {
    const previous = this.folded.get(folded) ?? (this.implicitDirs.has(folded) ? 'directory' : undefined);
    if (previous === undefined) return;
    const same = this.kinds.has(name) ? 'of the same name' : 'whose name differs only in case or Unicode form';
    if (kind === 'directory') {
      if (previous !== 'directory') throw new ArchiveError(`directory over an earlier ${previous} ${same}`, name, { reason: 'collision' });
      return;
    }
    if (previous === 'directory') throw new ArchiveError(`${kind} over a directory ${same}`, name, { reason: 'collision' });
    if (kind === 'file' && previous === 'file') {
      // Last one wins in every reader, unless a hard link shares the old bytes (GNU tar keeps
      // them, Python overwrites them in place).
      if (this.hardLinked.has(folded)) {
        throw new ArchiveError('duplicate of a hard-linked file (readers disagree on the result)', name, { reason: 'collision' });
      }
      return;
    }
    throw new ArchiveError(`duplicate entry: a ${kind} over an earlier ${previous} ${same}`, name, { reason: 'collision' });
  }

  private checkHardLink(name: string, linkname: string): string {
    // 'a.txt/.' is not the file for GNU tar or bsdtar (ENOTDIR); CPython links to a.txt.
    if (/(^|\/)\.?\/*$/.test(linkname) && linkname !== '') {
      throw new ArchiveError(`hard link target '${shorten(linkname)}' ends in '/' or '/.' (names a folder, not a file)`, name, { reason: 'hard-link' });
    }
    let target: string;
    try {
      target = normalizeEntryName(linkname);
    } catch (error) {
      const escapes = ['absolute-path', 'dot-dot'].includes((error as ArchiveError).reason ?? '');
      const why = escapes ? 'leaves the archive root' : `is unsafe (${(error as ArchiveError).message})`;
      throw new ArchiveError(`hard link target '${shorten(linkname)}' ${why}`, name, {
        cause: error,
        reason: 'hard-link',
      });
    }
    if (this.kinds.get(target) !== 'file') {
      throw new ArchiveError(`hard link target '${shorten(linkname)}' is not an earlier file of the archive`, name, { reason: 'hard-link' });
    }
    this.hardLinked.add(foldName(target));
    return target;
  }

  private checkSymlink(name: string, linkname: string): string {
    if (linkname === '') throw new ArchiveError('symlink with an empty target', name, { reason: 'symlink-escape' });
    if (linkname.startsWith('/')) {
      throw new ArchiveError(`symlink to an absolute path '${shorten(linkname)}'`, name, { reason: 'symlink-escape' });
    }
    const parts = linkTargetParts(linkname, name);
    const parent = parentOf(name);
    let depth = parent === '' ? 0 : parent.split('/').length;
    for (const part of parts) {
      if (part === '..') depth -= 1;
      else if (part !== '' && part !== '.') depth += 1;
      if (depth < 0) throw new ArchiveError(`symlink target '${shorten(linkname)}' leaves the archive root`, name, { reason: 'symlink-escape' });
    }
    this.exactLinks.add(name, linkname);
    this.foldedLinks.add(name, linkname);
    return linkname;
  }
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
