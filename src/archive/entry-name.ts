import { ArchiveError } from '../errors.js';

/** Longest name or link target, in UTF-8 bytes: Linux PATH_MAX (4096) less its NUL. */
export const MAX_NAME_BYTES = 4095;
/** Longest path component, in UTF-8 bytes (NAME_MAX on Linux and macOS, 255 UTF-16 units on NTFS). */
export const MAX_COMPONENT_BYTES = 255;
/** Most components in a name; no real model is that deep, and every tool can still extract it. */
export const MAX_DEPTH = 256;

/** Code points HFS+ ignores in names (so `..\u200c` is `..` there); git's CVE-2014-9390 list. */
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x01-\x1f\x7f]/;

/**
 * Refuses what a name or link target must never hold on any platform a model is unpacked on:
 * NUL (C readers cut the name there), backslashes (a separator on Windows), drive letters and
 * control characters, and over-long names.
 */
function checkPortable(raw: string, what: string, entry: string): void {
  const fail = (why: string, reason: string): never => {
    throw new ArchiveError(`${what} ${why}`, entry, { reason });
  };
  if (raw.includes('\0')) fail('contains a NUL byte (GNU tar cuts it there)', 'name-nul');
  if (raw.includes('\\')) fail('contains a backslash (a path separator on Windows)', 'name-backslash');
  if (/^[A-Za-z]:/.test(raw)) fail('starts with a Windows drive (absolute or drive-relative on Windows)', 'absolute-path');
  if (CONTROL.test(raw)) fail('contains a control character (not allowed in Windows names)', 'name-control');
  if (Buffer.byteLength(raw) > MAX_NAME_BYTES) fail(`is ${Buffer.byteLength(raw)} bytes long (limit ${MAX_NAME_BYTES}, PATH_MAX)`, 'name-length');
}

/**
 * A component other than `.`/`..` that Windows (trailing dots and spaces dropped: `.. ` is `..`)
 * or HFS+ (ignored code points: `..\u200c` is `..`) reads as `.` or `..`: dots and spaces only.
 */
function isDotAlias(part: string): boolean {
  const visible = part.replace(HFS_IGNORED, '');
  return visible === '' || /^[. ]+$/.test(visible);
}

/**
 * The canonical form of an archive path: `./a//b/` -> `a/b`. Rejects absolute paths, any `..`
 * component (GNU tar refuses those too) and names unsafe on Linux, macOS or Windows (see
 * checkPortable; components Windows or HFS+ read as `..`; over-long components, over-deep
 * names), naming the raw entry. Returns '' for the archive root (`./`).
 */
export function normalizeEntryName(raw: string): string {
  checkPortable(raw, 'name', raw);
  if (raw.startsWith('/')) throw new ArchiveError('absolute path (must be relative to the archive root)', raw, { reason: 'absolute-path' });
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new ArchiveError("path contains a '..' component (escapes the archive root)", raw, { reason: 'dot-dot' });
    checkComponent(part, raw);
    parts.push(part);
  }
  if (parts.length > MAX_DEPTH) {
    throw new ArchiveError(`path is ${parts.length} components deep (limit ${MAX_DEPTH})`, raw, { reason: 'name-depth' });
  }
  return parts.join('/');
}

function checkComponent(part: string, entry: string): void {
  if (isDotAlias(part)) {
    throw new ArchiveError(`path component '${part}' is '.' or '..' on Windows or macOS`, entry, { reason: 'dot-dot' });
  }
  if (Buffer.byteLength(part) > MAX_COMPONENT_BYTES) {
    throw new ArchiveError(`path component of ${Buffer.byteLength(part)} bytes (limit ${MAX_COMPONENT_BYTES})`, entry, { reason: 'name-length' });
  }
}

/**
 * Checks a symlink target as written (relative; `..` is allowed and resolved by the rules):
 * the same portability rules as names, and no component that is `..` only on Windows/macOS.
 * Returns its components.
 */
export function linkTargetParts(target: string, entry: string): string[] {
  checkPortable(target, `symlink target '${target.length > 200 ? `${target.slice(0, 200)}...` : target}'`, entry);
  const parts = target.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..') continue;
    checkComponent(part, entry);
  }
  return parts;
}

/**
 * The key under which two names are the same file on a case-insensitive, normalization-
 * insensitive file system (macOS APFS/HFS+, Windows NTFS): NFC, lower case, HFS+-ignored code
 * points and (Windows) trailing dots and spaces of each component dropped.
 */
export function foldName(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name) && !/[. ]($|\/)/.test(name)) return name.toLowerCase();
  return name
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFC')
    .replace(HFS_IGNORED, '')
    .split('/')
    .map((part) => (part === '.' || part === '..' ? part : part.replace(/[. ]+$/, '')))
    .join('/');
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
