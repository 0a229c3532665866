/**
 * The append index sagewire writes into the gzip header of every archive it writes: one
 * subfield of the header's extra field (RFC 1952 FEXTRA, section 2.3.1.1; dictzip and BGZF
 * carry their indexes the same way), id 'S' 'W'. Readers that do not know the id skip it.
 *
 * It describes a full-flush point just before the tar end-of-archive marker: its file offset,
 * the CRC-32 and length of the uncompressed bytes before it, the file size, and a digest of the
 * index itself and of the last compressed bytes before the point. It also lists every member
 * name (6 bytes of its SHA-256) with its kind, so that an append can check the injected names
 * against the archive without reading it. The next append trusts none of it blindly: see
 * append-indexed.ts for what it checks before using it, and falls back to a full pass on any doubt.
 *
 * Version 2 adds one recorded member (the writer's `recordMember`, hyperparameters.json for
 * dummy training): a second full-flush point just before its first header block, the CRC-32
 * and length of the tar bytes before it, the CRC-32 and length of the member (its header blocks,
 * data and padding), a full-flush point just after it, and a digest of the compressed bytes
 * between the two points. recorded-member.ts reads the member from there to the end of the
 * file, never the bytes before; the point survives later tail appends (the bytes before the
 * main flush point are kept as they are) unless they add a member of the same name.
 *
 *   subfield data: version(1) flags(1) flushOffset(u64) crcBefore(u32) lengthBefore(u64)
 *                  fileSize(u64) digest(16) entries(u32)
 *                  [v2: nameHash(6) pointOffset(u64) pointCrcBefore(u32) pointLengthBefore(u64)
 *                       memberLength(u64) memberCrc(u32) pointEnd(u64) spanDigest(16)]
 *                  table(entries x 7) zero padding
 */
import { createHash } from 'node:crypto';
import { ancestorsOf } from './entry-name.js';
import type { EntryInfo } from './types.js';

const SI1 = 0x53; // 'S'
const SI2 = 0x57; // 'W'
const VERSION = 2;
const FLAG_TABLE = 1;
const FLAG_POINT = 2;
const FIXED_V1 = 1 + 1 + 8 + 4 + 8 + 8 + 16 + 4;
const POINT = 6 + 8 + 4 + 8 + 8 + 4 + 8 + 16;
const FIXED = FIXED_V1 + POINT;
const ENTRY = 7;
/** Gzip header bytes before the extra field's data: ID1 ID2 CM FLG MTIME(4) XFL OS XLEN(2). */
const HEAD = 12;
const SUBFIELD_HEAD = 4;
/** The largest table an extra field (XLEN is 16 bits) holds. */
export const MAX_TABLE_ENTRIES = Math.floor((0xffff - SUBFIELD_HEAD - FIXED) / ENTRY);
/** Compressed bytes before the flush point covered by the digest. */
export const DIGEST_SPAN = 64 * 1024;

/** Kinds in the table; IMPLIED marks a folder that only exists as some member's parent. */
const KIND = { file: 0, directory: 1, symlink: 2, link: 3 } as const;
const LINK_TARGET = 0x10;
const IMPLIED = 0x20;

/** What the table says about one name. */
export interface TableEntry {
  type: EntryInfo['type'];
  /** A hard link in the archive points at this file. */
  linkTarget: boolean;
  /** Not a member: a folder some member's name goes through. */
  implied: boolean;
}

/** Member names and kinds of an archive, in the form the index keeps (hashed names). */
export class MemberTable {
  private readonly entries = new Map<string, number>();

  static hash(name: string): string {
    return createHash('sha256').update(name).digest('hex').slice(0, 12);
  }

  /** Records a member (a later member of the same name replaces the kind: the last one wins). */
  add(name: string, type: EntryInfo['type'], linkname?: string): void {
    const key = MemberTable.hash(name);
    const old = this.entries.get(key);
    this.entries.set(key, KIND[type] | ((old ?? 0) & LINK_TARGET));
    if (type === 'link' && linkname !== undefined) {
      const target = MemberTable.hash(linkname);
      this.entries.set(target, (this.entries.get(target) ?? KIND.file) | LINK_TARGET);
    }
    for (const ancestor of ancestorsOf(name)) {
      const parent = MemberTable.hash(ancestor);
      if (!this.entries.has(parent)) this.entries.set(parent, KIND.directory | IMPLIED);
    }
  }

  get(name: string): TableEntry | undefined {
    const value = this.entries.get(MemberTable.hash(name));
    if (value === undefined) return undefined;
    const type = (Object.keys(KIND) as (keyof typeof KIND)[]).find((kind) => KIND[kind] === (value & 0x0f)) ?? 'file';
    return { type, linkTarget: (value & LINK_TARGET) !== 0, implied: (value & IMPLIED) !== 0 };
  }

  /** Members (implied folders not counted). */
  get members(): number {
    let count = 0;
    for (const value of this.entries.values()) if ((value & IMPLIED) === 0) count += 1;
    return count;
  }

  get size(): number {
    return this.entries.size;
  }

  encode(): Buffer {
    const out = Buffer.alloc(this.entries.size * ENTRY);
    let at = 0;
    for (const [key, value] of [...this.entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.write(key, at, 'hex');
      out[at + 6] = value;
      at += ENTRY;
    }
    return out;
  }

  static decode(bytes: Buffer): MemberTable {
    const table = new MemberTable();
    for (let at = 0; at + ENTRY <= bytes.length; at += ENTRY) {
      table.entries.set(bytes.toString('hex', at, at + 6), bytes[at + 6] as number);
    }
    return table;
  }
}

/**
 * Where one member sits: full-flush points just before its first header block and just after
 * its padding, with what a reader needs to check what it inflates from there.
 */
export interface MemberPoint {
  /** MemberTable.hash of the member's name. */
  nameHash: string;
  /** File offset of the full-flush point before the member (the deflate data of its header starts there). */
  offset: number;
  /** CRC-32 and length of the tar bytes before the member. */
  crcBefore: number;
  lengthBefore: number;
  /** CRC-32 and length of the member's tar bytes (extension headers, header, data, padding). */
  memberCrc: number;
  memberLength: number;
  /** File offset of the full-flush point after the member. */
  end: number;
  /** 16 bytes of SHA-256 over the compressed bytes from `offset` to `end`. */
  spanDigest: Buffer;
}

/** The spanDigest of compressed bytes. */
export function spanDigestOf(compressed: Buffer): Buffer {
  return createHash('sha256').update(compressed).digest().subarray(0, 16);
}

/** Where the next append can cut, and what it needs to continue the stream. */
export interface AppendIndex {
  /** File offset of the full-flush point (the deflate data of the end-of-archive marker starts there). */
  flushOffset: number;
  /** CRC-32 and length of the uncompressed bytes before the flush point. */
  crcBefore: number;
  lengthBefore: number;
  /** Size of the whole file. */
  fileSize: number;
  /** Absent when the names did not fit the space reserved in the header. */
  table?: MemberTable;
  /** The recorded member (version 2), if the writer recorded one. */
  point?: MemberPoint;
}

/** Length of a gzip header that carries an index with room for `tableEntries` names. */
export function indexedHeaderLength(tableEntries: number): number {
  return HEAD + SUBFIELD_HEAD + FIXED + Math.min(tableEntries, MAX_TABLE_ENTRIES) * ENTRY;
}

/** Room (in table entries) a header of `headerLength` bytes has. */
export function tableCapacity(headerLength: number): number {
  return Math.max(0, Math.floor((headerLength - HEAD - SUBFIELD_HEAD - FIXED) / ENTRY));
}

/** A gzip header with no index yet (written first, replaced by `indexedHeader` at the end). */
export function placeholderHeader(headerLength: number): Buffer {
  const header = Buffer.alloc(headerLength);
  writeFixedHead(header);
  return header;
}

function writeFixedHead(header: Buffer): void {
  // FLG = FEXTRA only; MTIME 0; XFL 0; OS 255 (unknown): the same input gives the same bytes.
  header.set([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff]);
  header.writeUInt16LE(header.length - HEAD, 10);
  header[HEAD] = SI1;
  header[HEAD + 1] = SI2;
  header.writeUInt16LE(header.length - HEAD - SUBFIELD_HEAD, HEAD + 2);
}

/**
 * The header of `headerLength` bytes holding `index`; `lastCompressed` are the compressed bytes
 * just before the flush point (up to DIGEST_SPAN of them).
 */
export function indexedHeader(headerLength: number, index: AppendIndex, lastCompressed: Buffer): Buffer {
  const header = Buffer.alloc(headerLength);
  writeFixedHead(header);
  const data = header.subarray(HEAD + SUBFIELD_HEAD);
  const table = index.table && index.table.size <= tableCapacity(headerLength) ? index.table.encode() : undefined;
  data[0] = VERSION;
  data[1] = (table ? FLAG_TABLE : 0) | (index.point ? FLAG_POINT : 0);
  data.writeBigUInt64LE(BigInt(index.flushOffset), 2);
  data.writeUInt32LE(index.crcBefore >>> 0, 10);
  data.writeBigUInt64LE(BigInt(index.lengthBefore), 14);
  data.writeBigUInt64LE(BigInt(index.fileSize), 22);
  data.writeUInt32LE(table ? table.length / ENTRY : 0, 46);
  if (index.point) writePoint(data.subarray(FIXED_V1, FIXED), index.point);
  table?.copy(data, FIXED);
  digestOf(data, lastCompressed).copy(data, 30);
  return header;
}

function writePoint(out: Buffer, point: MemberPoint): void {
  out.write(point.nameHash, 0, 'hex');
  out.writeBigUInt64LE(BigInt(point.offset), 6);
  out.writeUInt32LE(point.crcBefore >>> 0, 14);
  out.writeBigUInt64LE(BigInt(point.lengthBefore), 18);
  out.writeBigUInt64LE(BigInt(point.memberLength), 26);
  out.writeUInt32LE(point.memberCrc >>> 0, 34);
  out.writeBigUInt64LE(BigInt(point.end), 38);
  point.spanDigest.copy(out, 46, 0, 16);
}

function readPoint(data: Buffer, number: (at: number) => number): MemberPoint {
  return {
    nameHash: data.toString('hex', 0, 6),
    offset: number(6),
    crcBefore: data.readUInt32LE(14),
    lengthBefore: number(18),
    memberLength: number(26),
    memberCrc: data.readUInt32LE(34),
    end: number(38),
    spanDigest: Buffer.from(data.subarray(46, 62)),
  };
}

/** 16 bytes of SHA-256 over the index (digest field zeroed) and the last compressed bytes. */
function digestOf(data: Buffer, lastCompressed: Buffer): Buffer {
  const copy = Buffer.from(data);
  copy.fill(0, 30, 46);
  return createHash('sha256').update(copy).update(lastCompressed).digest().subarray(0, 16);
}

/** What parseIndexedHeader says of a header that has no index at all (any other gzip's). */
export const NO_INDEX = 'no sagewire append index in the gzip header';

/** A parsed index and what the reader must still check against the file. */
export interface ParsedIndex extends AppendIndex {
  headerLength: number;
  /** Checks the digest against the compressed bytes before the flush point. */
  digestMatches(lastCompressed: Buffer): boolean;
}

/**
 * The index in a gzip header, or the reason there is none usable. Only headers exactly as
 * sagewire writes them are accepted (FEXTRA alone, one subfield of our id filling it).
 * `head` must hold at least 12 bytes; the header's full length is known from them.
 */
export function parseIndexedHeader(head: Buffer): ParsedIndex | string {
  if (head.length < HEAD || head[0] !== 0x1f || head[1] !== 0x8b || head[2] !== 8) return NO_INDEX;
  if (head[3] !== 4) return NO_INDEX;
  const headerLength = HEAD + head.readUInt16LE(10);
  if (head.length < headerLength) return 'the gzip header is cut short';
  if (head[HEAD] !== SI1 || head[HEAD + 1] !== SI2 || head.readUInt16LE(HEAD + 2) !== headerLength - HEAD - SUBFIELD_HEAD) {
    return NO_INDEX;
  }
  const data = Buffer.from(head.subarray(HEAD + SUBFIELD_HEAD, headerLength));
  // Version 1 (no recorded member) is still read: archives written before it keep their fast append.
  const fixed = data[0] === 1 ? FIXED_V1 : data[0] === VERSION ? FIXED : -1;
  if (fixed < 0 || data.length < fixed) return 'an append index of an unknown version';
  const entries = data.readUInt32LE(46);
  if (fixed + entries * ENTRY > data.length) return 'the append index is damaged (its table does not fit)';
  const number = (at: number): number => {
    const value = data.readBigUInt64LE(at);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(value);
  };
  const flags = data[1] as number;
  const expected = Buffer.from(data.subarray(30, 46));
  return {
    headerLength,
    flushOffset: number(2),
    crcBefore: data.readUInt32LE(10),
    lengthBefore: number(14),
    fileSize: number(22),
    ...(flags & FLAG_TABLE ? { table: MemberTable.decode(data.subarray(fixed, fixed + entries * ENTRY)) } : {}),
    ...(fixed === FIXED && flags & FLAG_POINT ? { point: readPoint(data.subarray(FIXED_V1, FIXED), (at) => number(FIXED_V1 + at)) } : {}),
    digestMatches: (lastCompressed) => digestOf(data, lastCompressed).equals(expected),
  };
}

/** Header room for an archive of `members` names: twice that (appends add some), within the limit. */
export function headerLengthFor(members: number): number {
  return indexedHeaderLength(Math.min(MAX_TABLE_ENTRIES, Math.max(64, members * 2 + 32)));
}

/**
 * `head` (a file's first bytes, the whole gzip header included) with a sagewire index turned
 * into an unknown subfield ('S' 'w': readers skip it, parseIndexedHeader sees none), for a
 * step that copies an archive it did not write: the copy must not carry a foreign index as if
 * sagewire had written it. Returns `head` itself when it holds no index.
 */
export function disownIndex(head: Buffer): Buffer {
  if (head.length < HEAD + SUBFIELD_HEAD || parseIndexedHeader(head) === NO_INDEX) return head;
  const copy = Buffer.from(head);
  copy[HEAD + 1] = DISOWNED_SI2;
  return copy;
}

const DISOWNED_SI2 = 0x77; // 'w'
