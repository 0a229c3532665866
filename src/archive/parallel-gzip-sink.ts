import type { FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import { InternalError, IoError } from '../errors.js';
import { writeAll } from '../fs/atomic-write.js';
import { crc32Combine } from './crc32-combine.js';
import { DIGEST_SPAN, indexedHeader, placeholderHeader, spanDigestOf, type MemberPoint } from './gzip-index.js';
import type { TarSink } from './gzip-sink.js';
import { gzipTrailer } from './gzip-header.js';

const CHUNK = 1024 * 1024;
const WINDOW = 32 * 1024;
const IN_FLIGHT = 3;

/** A chunk whose run-length-only encoding is above this fraction of its size barely compresses. */
const BARELY_COMPRESSIBLE = 0.8;

/** Compressed output as zlib produced it: pieces in order (joining them would copy every byte once more). */
interface Deflated {
  pieces: Buffer[];
  length: number;
}

function deflateWith(input: Buffer, options: zlib.ZlibOptions): Promise<Deflated> {
  return new Promise((resolveChunk, reject) => {
    // zlib.deflateRaw() would concatenate the pieces: at 256 MiB that copy was 7% of a rewrite.
    const deflated: Deflated = { pieces: [], length: 0 };
    const stream = zlib.createDeflateRaw({ chunkSize: CHUNK + 64 * 1024, ...options });
    stream.on('data', (piece: Buffer) => {
      deflated.pieces.push(piece);
      deflated.length += piece.length;
    });
    stream.once('error', reject);
    stream.once('end', () => resolveChunk(deflated));
    stream.end(input);
  });
}

/**
 * Deflates one chunk. Model weights (float data) barely compress and zlib then spends its time
 * looking for matches that are not there: a run-length-only pass (Z_RLE, ~3x faster) is kept
 * when it already shows the chunk barely compresses; other chunks get the full `level`.
 */
async function deflateChunk(input: Buffer, dictionary: Buffer | undefined, level: number, last: boolean): Promise<Deflated> {
  const finishFlush = last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
  if (level > 0) {
    const quick = await deflateWith(input, { level, strategy: zlib.constants.Z_RLE, finishFlush });
    if (quick.length > input.length * BARELY_COMPRESSIBLE) return quick;
  }
  return deflateWith(input, { level, dictionary, finishFlush });
}

/** Writes the pieces in order from `position` (one writev while it writes them all). */
async function writePieces(file: FileHandle, pieces: Buffer[], position: number): Promise<void> {
  let at = position;
  let rest = pieces;
  while (rest.length > 0) {
    const { bytesWritten } = await file.writev(rest, at);
    if (bytesWritten === 0) throw new IoError('the disk took no bytes of a write (writev returned 0)');
    at += bytesWritten;
    let skip = bytesWritten;
    while (rest.length > 0 && skip >= (rest[0] as Buffer).length) {
      skip -= (rest[0] as Buffer).length;
      rest = rest.slice(1);
    }
    if (skip > 0) rest = [(rest[0] as Buffer).subarray(skip), ...rest.slice(1)];
  }
}

/** Where a sink starts: a new file, or the continuation of an indexed stream (an append). */
export interface SinkStart {
  /**
   * Length of the gzip header at offset 0: written with a placeholder first when `continueAt` is
   * absent, replaced by the indexed header at the end. Absent: the header is left alone.
   */
  headerLength?: number;
  /** Continue an existing stream: deflate data goes here, after bytes whose CRC-32 and length are given. */
  continueAt?: { position: number; crc: number; length: number };
  /** The 32 KiB of uncompressed data before the continuation, when it is not at a full-flush point. */
  dictionary?: Buffer;
  /** A recorded member before `continueAt` (its bytes are kept as they are): recorded again in the new index. */
  point?: MemberPoint;
}

/**
 * pigz-style gzip: the tar stream is cut into 1 MiB chunks, each deflated on its own in libuv's
 * thread pool (so on every core) with the previous 32 KiB as preset dictionary and ending in a
 * sync flush; the pieces are written in order under one header and one CRC-32 trailer. The
 * result is one ordinary gzip member, barely larger than a single-threaded one. Chunk buffers
 * are reused, so memory stays at a few MiB. Barely compressible chunks are run-length coded only.
 * The header carries the append index (gzip-index.ts), written last.
 */
export function parallelGzipSink(file: FileHandle, level: number, start: SinkStart): TarSink {
  const headerLength = start.headerLength;
  if (headerLength === undefined && !start.continueAt) throw new InternalError('a new gzip stream needs its header length');
  const free: Buffer[] = [];
  let current: Buffer = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let dictionary: Buffer | undefined = start.dictionary;
  let crc = 0;
  let length = 0;
  let position = start.continueAt?.position ?? (headerLength as number);
  let flush: { offset: number; crc: number; length: number } | undefined;
  let point: MemberPoint | undefined = start.point;
  let recording: { nameHash: string; offset: number; crcBefore: number; lengthBefore: number; crc: number; length: number } | undefined;
  const before = start.continueAt ?? { crc: 0, length: 0 };
  const inFlight: Promise<Deflated>[] = [];
  let writing: Promise<void> = start.continueAt ? Promise.resolve() : writeAll(file, placeholderHeader(headerLength as number), 0);

  const writeNext = async (): Promise<void> => {
    const piece = await (inFlight.shift() as Promise<Deflated>);
    await writing;
    const at = position;
    position += piece.length;
    writing = writePieces(file, piece.pieces, at);
  };

  const dispatch = async (last: boolean): Promise<void> => {
    const buffer = current;
    const input = buffer.subarray(0, filled);
    current = free.pop() ?? Buffer.allocUnsafe(CHUNK);
    filled = 0;
    crc = zlib.crc32(input, crc);
    length += input.length;
    const job = deflateChunk(input, dictionary, level, last);
    job.then(
      () => free.push(buffer),
      () => undefined,
    );
    inFlight.push(job);
    dictionary = input.length >= WINDOW
      ? Buffer.from(input.subarray(input.length - WINDOW))
      : Buffer.concat([dictionary ?? Buffer.alloc(0), input]).subarray(-WINDOW);
    if (inFlight.length >= IN_FLIGHT) await writeNext();
  };

  const drain = async (): Promise<void> => {
    while (inFlight.length > 0) await writeNext();
    await writing;
  };

  /** Ends the current chunk and starts the next without a dictionary: nothing after this point refers back. */
  const fullFlush = async (): Promise<void> => {
    // Every dispatched chunk ends in a sync flush; starting the next one without a dictionary
    // makes that a full flush.
    if (filled > 0) await dispatch(false);
    await drain();
    dictionary = undefined;
  };

  return {
    async write(chunk) {
      if (recording) {
        recording.crc = zlib.crc32(chunk, recording.crc);
        recording.length += chunk.length;
      }
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(CHUNK - filled, chunk.length - offset);
        chunk.copy(current, filled, offset, offset + take);
        filled += take;
        offset += take;
        if (filled === CHUNK) await dispatch(false);
      }
    },
    async flushPoint() {
      await fullFlush();
      flush = { offset: position, crc, length };
    },
    async memberStart(nameHash) {
      await fullFlush();
      recording = { nameHash, offset: position, crcBefore: crc32Combine(before.crc, crc, length), lengthBefore: before.length + length, crc: 0, length: 0 };
    },
    async memberEnd() {
      const member = recording;
      if (!member) throw new InternalError('memberEnd without memberStart');
      recording = undefined;
      await fullFlush();
      const span = Buffer.alloc(position - member.offset);
      const { bytesRead } = await file.read(span, 0, span.length, member.offset);
      if (bytesRead !== span.length) throw new InternalError('the recorded member did not read back');
      point = {
        nameHash: member.nameHash,
        offset: member.offset,
        crcBefore: member.crcBefore,
        lengthBefore: member.lengthBefore,
        memberCrc: member.crc >>> 0,
        memberLength: member.length,
        end: position,
        spanDigest: spanDigestOf(span),
      };
    },
    async end(table) {
      await dispatch(true);
      await drain();
      const total = before.length + length;
      await writeAll(file, gzipTrailer(crc32Combine(before.crc, crc, length), total), position);
      position += 8;
      if (flush && headerLength !== undefined) {
        const spanStart = Math.max(headerLength, flush.offset - DIGEST_SPAN);
        const last = Buffer.alloc(flush.offset - spanStart);
        await file.read(last, 0, last.length, spanStart);
        const index = {
          flushOffset: flush.offset,
          crcBefore: crc32Combine(before.crc, flush.crc, flush.length),
          lengthBefore: before.length + flush.length,
          fileSize: position,
          ...(table ? { table } : {}),
          ...(point ? { point } : {}),
        };
        await writeAll(file, indexedHeader(headerLength, index, last), 0);
      }
    },
    get bytesOut() {
      return position;
    },
  };
}
