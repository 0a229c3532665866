import { ArchiveError } from '../errors.js';

/** Tar type flags we read; everything else is refused by the entry rules. */
export type TarTypeFlag = string;

/** One decoded 512-byte tar header block, before pax / GNU long-name overrides. */
export interface TarHeaderBlock {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Seconds since the epoch; negative before 1970 (base-256 or pax), fractional from pax. */
  mtime: number;
  /** '0' for both a NUL and a '0' type byte; see `typeNul`. */
  typeflag: TarTypeFlag;
  /** The type byte was NUL (the pre-POSIX regular file, the only one a trailing slash makes a folder). */
  typeNul: boolean;
  linkname: string;
  uname: string;
  gname: string;
}

export const BLOCK = 512;

/** Types whose header only carries data for the next member (their own name and prefix are unused). */
const EXTENSION_TYPES = new Set(['x', 'g', 'L', 'K']);

/** True when all 512 bytes are zero: an end-of-archive block. */
export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i += 1) if (block[i] !== 0) return false;
  return true;
}

/** Content bytes rounded up to whole blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes as UTF-8, refusing anything else: GNU tar uses the raw bytes, CPython decodes them with
 * surrogate escapes and Node replaces them, so a non-UTF-8 name is a different name per reader.
 */
export function strictUtf8(bytes: Uint8Array, what: string, entry: string | undefined): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ArchiveError(`${what} is not valid UTF-8 (readers would decode it differently)`, entry, { reason: 'name-encoding' });
  }
}

function fieldBytes(block: Buffer, offset: number, length: number): Buffer {
  let end = offset;
  while (end < offset + length && block[end] !== 0) end += 1;
  return block.subarray(offset, end);
}

/**
 * A number field as GNU tar and CPython both read it: octal digits between optional leading
 * spaces and trailing spaces/NULs, or base-256 introduced by exactly 0x80 (positive) or 0xff
 * (negative). Anything else ('+', '_', tabs, a leading NUL, garbage after the terminator) is
 * read differently by the two (GNU's base-64, Python's int()), so it is refused.
 */
function readNumber(block: Buffer, offset: number, length: number, field: string, at: number, entry: string, signed = false): number {
  const first = block[offset] as number;
  if (first === 0x80 || first === 0xff) {
    let big = 0n;
    for (let i = 1; i < length; i += 1) big = big * 256n + BigInt(block[offset + i] as number);
    if (first === 0xff) big -= 256n ** BigInt(length - 1);
    const value = Number(big);
    if (!Number.isSafeInteger(value)) {
      throw new ArchiveError(`${field} out of range in the tar header at byte ${at}`, entry, { reason: 'header-number' });
    }
    if (value < 0 && !signed) {
      throw new ArchiveError(`negative ${field} in the tar header at byte ${at}`, entry, { reason: 'header-number' });
    }
    return value;
  }
  const text = block.toString('latin1', offset, offset + length).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (text === '' && field !== 'size') return 0;
  if (!/^[0-7]+$/.test(text)) {
    throw new ArchiveError(`${field} field is not an octal number (${JSON.stringify(text)}) in the tar header at byte ${at}`, entry, {
      reason: 'header-number',
    });
  }
  return parseInt(text, 8);
}

/** The header's checksum field is a valid octal number equal to the unsigned or signed byte sum. */
export function hasValidChecksum(block: Buffer): boolean {
  const text = block.toString('latin1', 148, 156).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (!/^[0-7]{1,7}$/.test(text)) return false;
  const stored = parseInt(text, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i += 1) {
    const byte = i >= 148 && i < 156 ? 0x20 : (block[i] as number);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/**
 * Decodes a non-zero header block found at uncompressed byte `at`; a bad checksum is an error.
 * `entryHint` is the name a pending long-name or pax header gives the member (for messages).
 */
export function decodeHeaderBlock(block: Buffer, at: number, entryHint?: string): TarHeaderBlock {
  if (!hasValidChecksum(block)) {
    throw new ArchiveError(`bad tar header checksum at byte ${at} (corrupt archive, or not a tar archive)`, undefined, {
      reason: 'header-checksum',
    });
  }
  const typeNul = block[156] === 0;
  const typeflag = typeNul ? '0' : String.fromCharCode(block[156] as number);
  const rawName = block.toString('latin1', 0, fieldBytes(block, 0, 100).length);
  const hint = entryHint ?? rawName;
  let name = strictUtf8(fieldBytes(block, 0, 100), 'name field', hint);
  const magic = block.toString('latin1', 257, 263);
  const posix = magic === 'ustar\0' && block.toString('latin1', 263, 265) === '00';
  // POSIX ustar keeps a path prefix at 345; GNU tar applies it only under the ustar magic, but
  // CPython applies it under any magic (old GNU headers keep times there): refuse the difference.
  if (block[345] !== 0 && !EXTENSION_TYPES.has(typeflag)) {
    if (!posix) {
      throw new ArchiveError('prefix field set in a header without POSIX ustar magic (GNU tar ignores it, CPython prepends it)', hint, {
        reason: 'prefix-without-magic',
      });
    }
    const prefix = strictUtf8(fieldBytes(block, 345, 155), 'prefix field', hint);
    // CPython judges a NUL-type folder by the name field alone: an empty one makes a file 'p/'.
    if (name === '') {
      throw new ArchiveError('prefix field with an empty name field (CPython reads a file, GNU tar and bsdtar a folder)', `${prefix}/`, {
        reason: 'prefix-without-magic',
      });
    }
    name = `${prefix}/${name}`;
  }
  return {
    name,
    mode: readNumber(block, 100, 8, 'mode', at, hint),
    uid: readNumber(block, 108, 8, 'uid', at, hint),
    gid: readNumber(block, 116, 8, 'gid', at, hint),
    size: readNumber(block, 124, 12, 'size', at, hint),
    mtime: readNumber(block, 136, 12, 'mtime', at, hint, true),
    typeflag,
    typeNul,
    linkname: strictUtf8(fieldBytes(block, 157, 100), 'link name field', hint),
    uname: magic.startsWith('ustar') ? fieldBytes(block, 265, 32).toString('utf8') : '',
    gname: magic.startsWith('ustar') ? fieldBytes(block, 297, 32).toString('utf8') : '',
  };
}

/** One pax record's keyword and raw value bytes. */
export type PaxRecords = Map<string, Buffer>;

/**
 * Parses pax extended header records (`<len> <keyword>=<value>\n`) the strict way, so that GNU
 * tar (xheader.c: skips blanks around the length, stops quietly on a bad record and keeps the
 * earlier ones) and CPython (tarfile.py: one space, refuses the whole header) cannot disagree:
 * decimal length at the record start, exactly one space, a non-empty keyword, '=', the value,
 * a newline as the record's last byte, NUL padding only after the last record, and no keyword
 * twice in one header.
 */
export function decodePax(data: Buffer, at: number, entry: string | undefined): PaxRecords {
  const bad = (why: string): ArchiveError =>
    new ArchiveError(`malformed pax extended header at byte ${at}: ${why}`, entry, { reason: 'pax-record' });
  const out: PaxRecords = new Map();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) {
      for (let i = pos; i < data.length; i += 1) if (data[i] !== 0) throw bad(`bytes after the NUL that ends the records (offset ${i})`);
      break;
    }
    let digits = pos;
    while (digits < data.length && digits - pos <= 20 && (data[digits] as number) >= 0x30 && (data[digits] as number) <= 0x39) digits += 1;
    if (digits === pos || digits - pos > 20) throw bad(`record at offset ${pos} does not start with a decimal length`);
    if (data[digits] !== 0x20) throw bad(`record at offset ${pos}: the length is not followed by one space`);
    const length = Number(data.toString('latin1', pos, digits));
    const end = pos + length;
    if (length < 5 || end > data.length || end <= digits + 1) throw bad(`record at offset ${pos} has length ${length}, outside the header`);
    if (data[end - 1] !== 0x0a) throw bad(`record at offset ${pos} does not end with a newline`);
    const eq = data.indexOf(0x3d, digits + 1);
    if (eq < 0 || eq >= end - 1) throw bad(`record at offset ${pos} has no '='`);
    const keyBytes = data.subarray(digits + 1, eq);
    if (keyBytes.length === 0 || keyBytes[0] === 0x20 || keyBytes[0] === 0x09 || keyBytes.includes(0)) {
      throw bad(`record at offset ${pos} has an empty or malformed keyword`);
    }
    const keyword = strictUtf8(keyBytes, 'pax keyword', entry);
    if (out.has(keyword)) {
      throw new ArchiveError(`pax keyword '${keyword}' given twice in one header (readers keep different ones)`, entry, {
        reason: 'pax-repeated-keyword',
      });
    }
    out.set(keyword, data.subarray(eq + 1, end - 1));
    pos = end;
  }
  return out;
}

/** Sets the mode field of a header block in place and recomputes its checksum. */
export function rewriteHeaderMode(block: Buffer, mode: number): void {
  block.write(`${mode.toString(8).padStart(7, '0')}\0`, 100, 8, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += block[i] as number;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
}
