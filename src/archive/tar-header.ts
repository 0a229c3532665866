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
  mtime: number;
  typeflag: TarTypeFlag;
  linkname: string;
  uname: string;
  gname: string;
}

export const BLOCK = 512;

/** True when all 512 bytes are zero: an end-of-archive block. */
export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i += 1) if (block[i] !== 0) return false;
  return true;
}

/** Content bytes rounded up to whole blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

function readString(block: Buffer, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && block[end] !== 0) end += 1;
  return block.toString('utf8', offset, end);
}

/** Octal (NUL/space terminated) or GNU base-256 (high bit set) number field. */
function readNumber(block: Buffer, offset: number, length: number, field: string, at: number): number {
  const first = block[offset] ?? 0;
  if (first & 0x80) {
    if (first === 0xff) throw new ArchiveError(`negative ${field} in the tar header at byte ${at}`);
    let value = first & 0x7f;
    for (let i = 1; i < length; i += 1) value = value * 256 + (block[offset + i] ?? 0);
    if (!Number.isSafeInteger(value)) throw new ArchiveError(`${field} too large in the tar header at byte ${at}`);
    return value;
  }
  const text = block.toString('latin1', offset, offset + length).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) {
    throw new ArchiveError(`${field} field is not an octal number (${JSON.stringify(text)}) in the tar header at byte ${at}`);
  }
  return parseInt(text, 8);
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseInt(block.toString('latin1', 148, 156).replace(/[\0 ]+$/, '').trim(), 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i += 1) {
    const byte = i >= 148 && i < 156 ? 0x20 : (block[i] as number);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** Decodes a non-zero header block found at uncompressed byte `at`; a bad checksum is an error. */
export function decodeHeaderBlock(block: Buffer, at: number): TarHeaderBlock {
  if (!checksumMatches(block)) {
    throw new ArchiveError(`bad tar header checksum at byte ${at} (corrupt archive, or not a tar archive)`);
  }
  const magic = block.toString('latin1', 257, 263);
  let name = readString(block, 0, 100);
  // POSIX ustar keeps a path prefix at 345; GNU's 'ustar  ' format uses that space for times.
  if (magic === 'ustar\0' && block[345] !== 0) name = `${readString(block, 345, 155)}/${name}`;
  const typeflag = block[156] === 0 ? '0' : String.fromCharCode(block[156] as number);
  return {
    name,
    mode: readNumber(block, 100, 8, 'mode', at),
    uid: readNumber(block, 108, 8, 'uid', at),
    gid: readNumber(block, 116, 8, 'gid', at),
    size: readNumber(block, 124, 12, 'size', at),
    mtime: readNumber(block, 136, 12, 'mtime', at),
    typeflag,
    linkname: readString(block, 157, 100),
    uname: magic.startsWith('ustar') ? readString(block, 265, 32) : '',
    gname: magic.startsWith('ustar') ? readString(block, 297, 32) : '',
  };
}

/** Parses pax extended header records (`<len> <key>=<value>\n`). */
export function decodePax(data: Buffer, at: number): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    const length = space < 0 ? NaN : parseInt(data.toString('latin1', pos, space), 10);
    if (!Number.isInteger(length) || length <= 0 || pos + length > data.length) {
      throw new ArchiveError(`malformed pax extended header at byte ${at}`);
    }
    const record = data.toString('utf8', space + 1, pos + length - 1);
    const eq = record.indexOf('=');
    if (eq < 0) throw new ArchiveError(`malformed pax record at byte ${at}`);
    out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
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
