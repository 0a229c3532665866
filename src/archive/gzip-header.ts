import zlib from 'node:zlib';
import { ArchiveError } from '../errors.js';

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** True when `buf` starts with the gzip magic bytes. */
export function hasGzipMagic(buf: Buffer, at = 0): boolean {
  return buf[at] === 0x1f && buf[at + 1] === 0x8b;
}

/**
 * Length of the gzip member header starting at `at`, or undefined if more bytes are needed.
 * `fileOffset` only serves error messages.
 */
export function gzipHeaderLength(buf: Buffer, at: number, end: number, fileOffset: number): number | undefined {
  if (end - at < 10) return undefined;
  if (!hasGzipMagic(buf, at)) throw new ArchiveError(`not gzip data at byte ${fileOffset}`);
  if (buf[at + 2] !== 8) throw new ArchiveError(`unknown gzip compression method ${buf[at + 2]} at byte ${fileOffset}`);
  const flags = buf[at + 3] as number;
  if (flags & 0xe0) throw new ArchiveError(`reserved gzip header flags set at byte ${fileOffset}`);
  let pos = at + 10;
  if (flags & FEXTRA) {
    if (end - pos < 2) return undefined;
    pos += 2 + buf.readUInt16LE(pos);
    if (pos > end) return undefined;
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      const zero = buf.indexOf(0, pos);
      if (zero < 0 || zero >= end) return undefined;
      pos = zero + 1;
    }
  }
  if (flags & FHCRC) {
    if (end - pos < 2) return undefined;
    // RFC 1952: the low 16 bits of the CRC-32 of the header bytes before it (gzip -t checks it).
    const expected = zlib.crc32(buf.subarray(at, pos)) & 0xffff;
    if (buf.readUInt16LE(pos) !== expected) {
      throw new ArchiveError(`gzip header checksum (FHCRC) mismatch at byte ${fileOffset} (corrupt header)`, undefined, { reason: 'gzip' });
    }
    pos += 2;
  }
  return pos - at;
}

/** The 10-byte header we write: no name, no mtime, OS unknown (same bytes for the same input). */
export const PLAIN_GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** The 8-byte gzip trailer: CRC-32 and length mod 2^32, little-endian. */
export function gzipTrailer(crc: number, length: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32LE(crc >>> 0, 0);
  out.writeUInt32LE(length % 2 ** 32, 4);
  return out;
}
