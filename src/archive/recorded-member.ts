import { open } from 'node:fs/promises';
import zlib from 'node:zlib';
import { crc32Combine } from './crc32-combine.js';
import { normalizeEntryName } from './entry-name.js';
import { EntryRules } from './entry-rules.js';
import { DIGEST_SPAN, MemberTable, spanDigestOf, type ParsedIndex } from './gzip-index.js';
import { IndexUnusable, readFully, readIndexHeader } from './index-header.js';
import { lastMemberCollector } from './last-member.js';
import { DEFAULT_LIMITS, LimitTracker, type ArchiveLimits } from './limits.js';
import { BLOCK, paddedSize } from './tar-header.js';
import { DEFAULT_MEMBER_MAX_BYTES, readArchiveMember } from './scan.js';
import { TarParser } from './tar-parser.js';

/** Compressed bytes from the recorded point to the end of the file this reader inflates at most. */
export const MAX_RECORDED_TAIL = 64 * 1024 * 1024;

/** What readArchiveMemberTrustingIndex read, and how much of the file. */
export interface TrustedMemberRead {
  bytes: Buffer | undefined;
  /** 'tail': from the recorded point on; 'whole': the full validating pass. */
  inputRead: 'tail' | 'whole';
}

/**
 * readArchiveMember for an archive a sagewire step wrote: from the member's recorded point when
 * the index allows it (readRecordedMember), else (no index, any doubt) the full validating pass,
 * with a line to `log` saying why when the archive had an index.
 */
export async function readArchiveMemberTrustingIndex(
  path: string,
  name: string,
  opts: { limits?: Partial<ArchiveLimits>; maxBytes?: number; log?: (line: string) => void } = {},
): Promise<TrustedMemberRead> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MEMBER_MAX_BYTES;
  try {
    return { bytes: await readRecordedMember(path, name, { maxBytes, ...(opts.limits ? { limits: opts.limits } : {}) }), inputRead: 'tail' };
  } catch (error) {
    if (!(error instanceof IndexUnusable)) throw error;
    if (error.hadIndex) opts.log?.(`reading the whole archive for ${name}: ${error.message}`);
  }
  return { bytes: await readArchiveMember(path, name, { maxBytes, ...(opts.limits ? { limits: opts.limits } : {}) }), inputRead: 'whole' };
}

/**
 * The bytes of `name` read from the point the archive's index records for it (gzip-index.ts's
 * MemberPoint): only the compressed bytes from there to the end of the file are read and
 * inflated, never the ones before. The answer is the one a full reader gives (readArchiveMember,
 * GNU tar: the last member of the name), because everything from the point to the end is read:
 *   - the index must be sagewire's, for this name, for a file of this size, with its digests
 *     (the index's own, and the one of the member's compressed bytes) matching;
 *   - the member inflates, from a full-flush point, to the CRC-32 and length recorded, and is
 *     the member `name` (a regular file) starting right at the point;
 *   - the rest inflates to members that pass the entry rules and then to the end-of-archive
 *     marker where the index says it is, with CRC-32s that combine into the gzip trailer's;
 *   - a later member of the same name wins, as it does for a full reader; one that is not a
 *     regular file makes this reader give up.
 * On any doubt it throws IndexUnusable and the caller takes the full pass. The index has no
 * key: call this only for an archive a sagewire step wrote (see docs/archive.md).
 */
export async function readRecordedMember(
  path: string,
  name: string,
  opts: { limits?: Partial<ArchiveLimits>; maxBytes: number },
): Promise<Buffer> {
  const wanted = normalizeEntryName(name);
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const index = await readIndexHeader(file, size);
    const point = index.point;
    if (!point) throw new IndexUnusable('the index records no member');
    if (point.nameHash !== MemberTable.hash(wanted)) throw new IndexUnusable(`the index records another member than ${wanted}`);
    if (index.fileSize !== size) throw new IndexUnusable(`the file is ${size} bytes, its index says ${index.fileSize}`);
    if (
      point.offset < index.headerLength ||
      point.end <= point.offset ||
      point.end > index.flushOffset ||
      index.flushOffset >= size - 8 ||
      point.lengthBefore < 0 ||
      point.lengthBefore % BLOCK !== 0 ||
      point.memberLength < BLOCK ||
      point.memberLength % BLOCK !== 0 ||
      point.lengthBefore + point.memberLength > index.lengthBefore
    ) {
      throw new IndexUnusable('the recorded member is not where an archive sagewire wrote would have it');
    }
    if (size - point.offset > MAX_RECORDED_TAIL) throw new IndexUnusable('the archive after the recorded member is too large to read this way');
    checkLimits(index, size, opts.limits);

    const spanStart = Math.max(index.headerLength, index.flushOffset - DIGEST_SPAN);
    const from = Math.min(point.offset, spanStart);
    const bytes = Buffer.alloc(size - from);
    await readFully(file, bytes, from);
    if (!index.digestMatches(bytes.subarray(spanStart - from, index.flushOffset - from))) {
      throw new IndexUnusable('the compressed bytes before the flush point are not the ones the index was written for');
    }
    if (!spanDigestOf(bytes.subarray(point.offset - from, point.end - from)).equals(point.spanDigest)) {
      throw new IndexUnusable('the compressed bytes of the recorded member are not the ones the index was written for');
    }
    const tail = inflateTail(bytes.subarray(point.offset - from, bytes.length - 8));
    const toEnd = index.lengthBefore - point.lengthBefore;
    const crcs = prefixCrcs(tail, point.memberLength, toEnd);
    const trailer = bytes.subarray(bytes.length - 8);
    if (
      trailer.readUInt32LE(0) !== crc32Combine(point.crcBefore, crcs.all, tail.length) ||
      trailer.readUInt32LE(4) !== (point.lengthBefore + tail.length) % 2 ** 32
    ) {
      throw new IndexUnusable('the gzip trailer does not match the recorded member');
    }
    if (toEnd > tail.length || crc32Combine(point.crcBefore, crcs.toEnd, toEnd) !== index.crcBefore) {
      throw new IndexUnusable('the recorded member and the append index disagree');
    }
    if (tail.length < point.memberLength || crcs.member !== point.memberCrc) {
      throw new IndexUnusable('the recorded member does not inflate to the bytes recorded');
    }
    return await lastMember(tail, wanted, point.memberLength, toEnd, opts);
  } finally {
    await file.close();
  }
}

/**
 * The CRC-32s of the tail's first `memberLength` bytes, of its first `toEnd` (memberLength <=
 * toEnd) and of all of it, in one pass: each continues the one before. A prefix longer than the
 * tail is cut to it (the checks then refuse the tail by its length).
 */
function prefixCrcs(tail: Buffer, memberLength: number, toEnd: number): { member: number; toEnd: number; all: number } {
  const m = Math.min(memberLength, tail.length);
  const e = Math.min(Math.max(toEnd, m), tail.length);
  const member = zlib.crc32(tail.subarray(0, m));
  const upToEnd = zlib.crc32(tail.subarray(m, e), member);
  return { member: member >>> 0, toEnd: upToEnd >>> 0, all: zlib.crc32(tail.subarray(e), upToEnd) >>> 0 };
}

/** The full pass applies the limits to the whole archive: when the index says it may pass one, let it decide. */
function checkLimits(index: ParsedIndex, size: number, given: Partial<ArchiveLimits> | undefined): void {
  const limits = { ...DEFAULT_LIMITS, ...given };
  const members = index.table?.members;
  if (members === undefined || members > limits.maxEntries || index.lengthBefore > limits.maxTotalBytes || index.lengthBefore > limits.maxRatio * size) {
    throw new IndexUnusable('the archive may pass the archive limits: the full pass decides');
  }
}

/** The raw deflate data from a full-flush point to the trailer, inflated; it must end exactly there. */
function inflateTail(deflated: Buffer): Buffer {
  try {
    const result = zlib.inflateRawSync(deflated, { info: true, maxOutputLength: MAX_RECORDED_TAIL * 4 }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    if (result.engine.bytesWritten !== deflated.length) throw new Error('the deflate stream ends before the trailer');
    return result.buffer;
  } catch (error) {
    throw new IndexUnusable(`the archive does not inflate from the recorded member (${(error as Error).message})`);
  }
}

/** Parses the tail (the recorded member first) and returns the last member named `wanted`. */
async function lastMember(tail: Buffer, wanted: string, memberLength: number, endOffset: number, opts: { limits?: Partial<ArchiveLimits>; maxBytes: number }): Promise<Buffer> {
  const limits = new LimitTracker(opts.limits);
  const rules = new EntryRules();
  let first = true;
  const last = lastMemberCollector(wanted, (info) => {
    if (info.type !== 'file') throw new IndexUnusable(`a later ${wanted} is a ${info.type}`);
    if (info.size > opts.maxBytes) throw new IndexUnusable(`${wanted} is over the size limit for reading it`);
  });
  const parser = new TarParser(
    {
      entry: (raw) => {
        limits.entry(raw.name, raw.size);
        const checked = rules.check(raw);
        if (first) {
          first = false;
          if (raw.headerOffset !== 0 || checked?.info.name !== wanted || checked.info.type !== 'file' || raw.dataOffset + paddedSize(raw.size) !== memberLength) {
            throw new IndexUnusable(`the recorded point is not the start of the member ${wanted}`);
          }
        }
        last.entry(checked);
      },
      data: (chunk) => last.data(chunk),
      entryEnd: () => last.entryEnd(),
    },
    { maxHeaderBytes: limits.limits.maxHeaderBytes },
  );
  try {
    await parser.write(tail);
    parser.end();
    rules.finish();
  } catch (error) {
    if (error instanceof IndexUnusable) throw error;
    throw new IndexUnusable(`the archive after the recorded member does not read as it should (${(error as Error).message})`);
  }
  if (parser.endOffset !== endOffset) throw new IndexUnusable('the end-of-archive marker is not where the index says');
  const found = last.found();
  if (found === undefined) throw new IndexUnusable(`no ${wanted} after the recorded point`);
  return found;
}
