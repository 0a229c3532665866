import { ArchiveError } from '../errors.js';
import { strictUtf8, type PaxRecords } from './tar-header.js';

/** The member fields a pax header can set, decoded. */
export interface PaxOverrides {
  path?: string;
  linkpath?: string;
  size?: number;
  mtime?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
}

/** Keyword families that change what a reader extracts beyond name, type, size and data. */
const REFUSED_KEYWORDS: [prefix: string, what: string, reason: string][] = [
  ['GNU.sparse.', 'a GNU sparse file (GNU tar and CPython expand it, under another name and size)', 'sparse'],
  ['SCHILY.realsize', 'a sparse file (star, bsdtar)', 'sparse'],
  ['SUN.holesdata', 'a sparse file (Solaris, bsdtar)', 'sparse'],
  ['GNU.dumpdir', 'a GNU incremental dump folder', 'unsupported-pax-keyword'],
  ['GNU.volume.', 'a GNU multi-volume archive', 'unsupported-pax-keyword'],
  ['SCHILY.acl.', 'an ACL (grants access beyond the mode bits)', 'unsupported-pax-keyword'],
  ['RHT.security.selinux', 'an SELinux label', 'unsupported-pax-keyword'],
  ['SCHILY.fflags', 'file flags (bsdtar sets them as root: immutable, append-only; GNU tar and CPython ignore them)', 'unsupported-pax-keyword'],
];
const XATTR_PREFIXES = ['SCHILY.xattr.', 'LIBARCHIVE.xattr.'];
/** Extended attributes that grant privileges when restored (file capabilities, ACLs, labels). */
const PRIVILEGED_XATTR = /^(security|trusted|system)\./;
const UTF8_CHARSET = 'ISO-IR 10646 2000 UTF-8';

const UNSIGNED = /^[0-9]{1,16}$/;
const TIME = /^-?[0-9]{1,16}(\.[0-9]{1,30})?$/;

/**
 * Reads the pax records that matter to a member the strict way: numbers are decimal digits only
 * (GNU tar's xheader.c refuses the record and keeps the ustar field for `0x800`, `2.048e3`,
 * `+2048`, ` 2048`, `21x`; CPython's int()/float() accept several of them or read 0), names are
 * UTF-8, and keywords that make some reader extract something else (sparse maps, dump folders,
 * volumes, ACLs, privileged extended attributes) are refused. Unknown keywords are ignored, as
 * every reader does.
 */
export function paxOverrides(records: PaxRecords, entry: string | undefined, scope: 'local' | 'global'): PaxOverrides {
  const out: PaxOverrides = {};
  for (const [keyword, value] of records) {
    for (const [prefix, what, reason] of REFUSED_KEYWORDS) {
      if (keyword.startsWith(prefix)) throw new ArchiveError(`pax keyword '${keyword}' marks ${what}`, entry, { reason });
    }
    const xattr = XATTR_PREFIXES.find((prefix) => keyword.startsWith(prefix));
    if (xattr && PRIVILEGED_XATTR.test(decodePercent(keyword.slice(xattr.length)))) {
      throw new ArchiveError(`pax keyword '${keyword}' carries a privileged extended attribute`, entry, { reason: 'unsupported-pax-keyword' });
    }
    if (keyword === 'hdrcharset' && value.toString('latin1') !== UTF8_CHARSET) {
      throw new ArchiveError(`pax hdrcharset '${value.toString('latin1')}' (only UTF-8 names are read the same by every reader)`, entry, {
        reason: 'name-encoding',
      });
    }
  }
  const text = (key: 'path' | 'linkpath' | 'uname' | 'gname'): string | undefined => {
    const value = records.get(key);
    if (value === undefined) return undefined;
    if (value.includes(0)) {
      throw new ArchiveError(`pax ${key} contains a NUL byte (GNU tar cuts the name there, CPython keeps it)`, entry, { reason: 'name-nul' });
    }
    return strictUtf8(value, `pax ${key}`, entry);
  };
  const number = (key: string, pattern: RegExp): number | undefined => {
    const value = records.get(key);
    if (value === undefined) return undefined;
    const string = value.toString('latin1');
    const parsed = Number(string);
    if (!pattern.test(string) || !Number.isFinite(parsed) || (Number.isInteger(parsed) && !Number.isSafeInteger(parsed))) {
      throw new ArchiveError(`pax ${key} is not a decimal number: ${JSON.stringify(string.slice(0, 64))}`, entry, { reason: 'pax-number' });
    }
    return parsed;
  };
  if (scope === 'global') {
    for (const key of ['path', 'linkpath', 'size']) {
      if (records.has(key)) {
        throw new ArchiveError(`global pax header sets '${key}' (ambiguous for every member)`, entry, { reason: 'pax-global' });
      }
    }
  }
  const path = text('path');
  if (path === '') throw new ArchiveError('pax path is empty', entry, { reason: 'pax-record' });
  if (path !== undefined) out.path = path;
  const linkpath = text('linkpath');
  if (linkpath !== undefined) out.linkpath = linkpath;
  const uname = text('uname');
  if (uname !== undefined) out.uname = uname;
  const gname = text('gname');
  if (gname !== undefined) out.gname = gname;
  const size = number('size', UNSIGNED);
  if (size !== undefined) out.size = size;
  const uid = number('uid', UNSIGNED);
  if (uid !== undefined) out.uid = uid;
  const gid = number('gid', UNSIGNED);
  if (gid !== undefined) out.gid = gid;
  const mtime = number('mtime', TIME);
  if (mtime !== undefined) out.mtime = mtime;
  // Never used, but GNU tar reports a malformed one as an error and CPython reads it as 0.
  number('atime', TIME);
  number('ctime', TIME);
  return out;
}

function decodePercent(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
