import type { FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import { writeAll } from '../fs/atomic-write.js';
import { DEFAULT_LEVEL, type TarSink } from './gzip-sink.js';
import { gzipTrailer, PLAIN_GZIP_HEADER } from './gzip-header.js';

const CHUNK = 1024 * 1024;
const WINDOW = 32 * 1024;
const IN_FLIGHT = 3;

/** A chunk whose run-length-only encoding is above this fraction of its size barely compresses. */
const BARELY_COMPRESSIBLE = 0.8;

function deflateWith(input: Buffer, options: zlib.ZlibOptions): Promise<Buffer> {
  return new Promise((resolveChunk, reject) => {
    // One output buffer per chunk (incompressible data grows a little).
    zlib.deflateRaw(input, { chunkSize: CHUNK + 64 * 1024, ...options }, (error, result) => (error ? reject(error) : resolveChunk(result)));
  });
}

/**
 * Deflates one chunk. Model weights (float data) barely compress and zlib then spends its time
 * looking for matches that are not there: a run-length-only pass (Z_RLE, ~3x faster) is kept
 * when it already shows the chunk barely compresses; other chunks get the full `level`.
 */
async function deflateChunk(input: Buffer, dictionary: Buffer | undefined, level: number, last: boolean): Promise<Buffer> {
  const finishFlush = last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
  if (level > 0) {
    const quick = await deflateWith(input, { level, strategy: zlib.constants.Z_RLE, finishFlush });
    if (quick.length > input.length * BARELY_COMPRESSIBLE) return quick;
  }
  return deflateWith(input, { level, dictionary, finishFlush });
}

/**
 * pigz-style gzip: the tar stream is cut into 1 MiB chunks, each deflated on its own in libuv's
 * thread pool (so on every core) with the previous 32 KiB as preset dictionary and ending in a
 * sync flush; the pieces are written in order under one header and one CRC-32 trailer. The
 * result is one ordinary gzip member, barely larger than a single-threaded one. Chunk buffers
 * are reused, so memory stays at a few MiB. Barely compressible chunks are run-length coded only.
 */
export function parallelGzipSink(file: FileHandle, level = DEFAULT_LEVEL, position = 0): TarSink {
  const free: Buffer[] = [];
  let current: Buffer = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let dictionary: Buffer | undefined;
  let crc = 0;
  let length = 0;
  let written = 0;
  const inFlight: Promise<Buffer>[] = [];
  let writing: Promise<void> = writeAll(file, PLAIN_GZIP_HEADER, position).then(() => {
    written += PLAIN_GZIP_HEADER.length;
  });

  const writeNext = async (): Promise<void> => {
    const piece = await (inFlight.shift() as Promise<Buffer>);
    await writing;
    writing = writeAll(file, piece, position + written).then(() => {
      written += piece.length;
    });
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

  return {
    async write(chunk) {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(CHUNK - filled, chunk.length - offset);
        chunk.copy(current, filled, offset, offset + take);
        filled += take;
        offset += take;
        if (filled === CHUNK) await dispatch(false);
      }
    },
    async end() {
      await dispatch(true);
      while (inFlight.length > 0) await writeNext();
      await writing;
      await writeAll(file, gzipTrailer(crc, length), position + written);
      written += 8;
    },
    get bytesOut() {
      return written;
    },
  };
}
