import { open } from 'node:fs/promises';
import { ArchiveError } from '../errors.js';
import { gzipHeaderLength, hasGzipMagic } from './gzip-header.js';
import { crcTracker, type CrcSnapshot } from './crc-tracker.js';
import { RawInflater } from './raw-inflater.js';
import { hasValidChecksum } from './tar-header.js';
import type { Progress } from './types.js';

/** A deflate block boundary: the appender can cut the stream here and re-encode what follows. */
export interface BlockMark {
  member: number;
  /** File offset of the first byte inflate had not consumed (the boundary is 0..7 bits before it). */
  compressedEnd: number;
  /** Uncompressed offset of the boundary in the whole tar stream. */
  uncompressed: number;
}

/** One gzip member of the file. */
export interface GzipMember {
  start: number;
  deflateStart: number;
  /** File offset of the 8-byte trailer. */
  trailerStart: number;
  /** Uncompressed offset where the member's data starts. */
  uncompressedStart: number;
  crc: number;
  /** CRC-32 of the member's bytes up to recent offsets (the appender continues from one). */
  snapshots: CrcSnapshot[];
}

export interface ReadSummary {
  format: 'gzip' | 'tar';
  compressedBytes: number;
  uncompressedBytes: number;
  members: GzipMember[];
}

export interface ReadOptions {
  /** Uncompressed bytes in order; a returned promise pauses reading. */
  onData(chunk: Buffer, compressedSoFar: number): Promise<void> | void;
  onBlock?(mark: BlockMark): void;
  onProgress?(progress: Progress): void;
  /** Every byte of the file, in order, as it is read (to hash it in the same pass). */
  onFileBytes?(chunk: Buffer): void;
}

const READ_SIZE = 4 * 1024 * 1024;
const OUT_SIZE = 1024 * 1024;

/**
 * Streams the uncompressed bytes of a .tar.gz (or a plain .tar) file. Checks every gzip member's
 * header, CRC-32 and length; concatenated members are read in order; anything after the last
 * member that is not another member (garbage, zero padding) is an error, as is an empty file.
 */
export async function readArchiveBytes(path: string, options: ReadOptions): Promise<ReadSummary> {
  const file = await open(path, 'r');
  let input: InputWindow | undefined;
  try {
    const size = (await file.stat()).size;
    if (size === 0) throw new ArchiveError(`empty file ${path} (not an archive)`);
    input = new InputWindow(file, size, options.onFileBytes);
    await input.fill(512);
    if (!hasGzipMagic(input.buf, input.start)) {
      if (!looksLikeTar(input.buf.subarray(input.start, input.end))) {
        throw new ArchiveError(`${path} is neither gzip nor tar data`);
      }
      return await readPlainTar(input, options);
    }
    return await readGzip(input, options);
  } finally {
    await input?.settle();
    await file.close();
  }
}

function looksLikeTar(head: Buffer): boolean {
  if (head.length < 512) return false;
  return hasValidChecksum(head.subarray(0, 512));
}

async function readPlainTar(input: InputWindow, options: ReadOptions): Promise<ReadSummary> {
  let total = 0;
  for (;;) {
    if (input.start === input.end) await input.fill(1);
    if (input.start === input.end) break;
    const chunk = Buffer.from(input.buf.subarray(input.start, input.end));
    input.start = input.end;
    total += chunk.length;
    const pending = options.onData(chunk, input.offset);
    if (pending) await pending;
    options.onProgress?.({ bytesDone: input.offset, bytesTotal: input.size });
  }
  return { format: 'tar', compressedBytes: input.size, uncompressedBytes: total, members: [] };
}

async function readGzip(input: InputWindow, options: ReadOptions): Promise<ReadSummary> {
  const inflater = new RawInflater();
  const crcs = crcTracker();
  const members: GzipMember[] = [];
  let total = 0;
  let out = crcs.allocate(OUT_SIZE);
  let outStart = 0;
  let outPos = 0;
  let lastProgress = 0;
  const flush = async (): Promise<void> => {
    if (outPos === outStart) return;
    const chunk = out.subarray(outStart, outPos);
    crcs.update(chunk);
    outStart = outPos;
    if (out.length - outPos < 64 * 1024) {
      out = crcs.allocate(OUT_SIZE);
      outStart = outPos = 0;
    }
    const pending = options.onData(chunk, input.offset);
    if (pending) await pending;
  };
  try {
    for (;;) {
      const start = input.offset;
      let headerLength: number | undefined;
      while ((headerLength = gzipHeaderLength(input.buf, input.start, input.end, start)) === undefined) {
        if (input.eof) throw new ArchiveError(`gzip header truncated at byte ${start}`);
        await input.fill(input.end - input.start + 1);
      }
      input.start += headerLength;
      const member: GzipMember = { start, deflateStart: input.offset, trailerStart: 0, uncompressedStart: total, crc: 0, snapshots: [] };
      crcs.startMember(total);
      let memberBytes = 0;
      for (;;) {
        if (input.start === input.end) {
          await input.fill(1);
          if (input.start === input.end) {
            await flush();
            throw new ArchiveError(`gzip data is truncated (ended after ${input.size} bytes, inside member ${members.length + 1})`);
          }
        }
        const step = inflater.step(input.buf, input.start, input.end - input.start, out, outPos);
        if (step.produced > 0) {
          memberBytes += step.produced;
          total += step.produced;
          outPos += step.produced;
        }
        input.start += step.consumed;
        if (step.ended) break;
        if (step.atBoundary) {
          options.onBlock?.({ member: members.length, compressedEnd: input.offset, uncompressed: total });
        }
        if (outPos - outStart >= 256 * 1024 || out.length - outPos < 64 * 1024) await flush();
        if (options.onProgress && input.offset - lastProgress >= 8 * 1024 * 1024) {
          lastProgress = input.offset;
          options.onProgress({ bytesDone: input.offset, bytesTotal: input.size });
        }
      }
      await flush();
      const { crc, snapshots } = await crcs.endMember();
      member.trailerStart = input.offset;
      await input.fill(8);
      if (input.end - input.start < 8) throw new ArchiveError(`gzip trailer is truncated (file ends at byte ${input.size})`);
      const storedCrc = input.buf.readUInt32LE(input.start);
      const storedLength = input.buf.readUInt32LE(input.start + 4);
      if (storedCrc !== crc) {
        throw new ArchiveError(`gzip CRC-32 mismatch in member ${members.length + 1} (corrupt archive)`);
      }
      if (storedLength !== memberBytes % 2 ** 32) {
        throw new ArchiveError(`gzip length mismatch in member ${members.length + 1}: trailer says ${storedLength}, data has ${memberBytes}`);
      }
      input.start += 8;
      member.crc = crc;
      member.snapshots = snapshots;
      members.push(member);
      await input.fill(2);
      if (input.start === input.end) break;
      if (!hasGzipMagic(input.buf, input.start)) {
        throw new ArchiveError(`garbage after the end of the gzip data (byte ${input.offset} of ${input.size})`);
      }
      inflater.reset();
    }
  } finally {
    inflater.close();
    await crcs.close();
  }
  options.onProgress?.({ bytesDone: input.size, bytesTotal: input.size });
  return { format: 'gzip', compressedBytes: input.size, uncompressedBytes: total, members };
}

/**
 * A sliding window over the file: `buf[start, end)` holds the bytes from file offset `offset`.
 * The next chunk is always being read in the background (the inflater runs synchronously on
 * this thread, so the read overlaps with it). When the window is used up, the chunk just read
 * becomes the window itself (no copy: at 256 MiB copying every compressed byte into one window
 * was a tenth of the pass); only a header or trailer that spans two reads is joined in a buffer
 * of its own.
 */
class InputWindow {
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  private position = 0;
  private ahead: Promise<Buffer> | undefined;
  /** Read buffers not in use (two alternate: one being read while the other is inflated). */
  private readonly spare: Buffer[] = [];
  /** Whether `buf` is a read buffer (it goes back to `spare` once used up). */
  private bufIsRead = false;
  /** The buffer that joins bytes across reads (grown by doubling, kept for reuse). */
  private joined: Buffer | undefined;
  private aheadAt = 0;

  constructor(
    private readonly file: import('node:fs/promises').FileHandle,
    readonly size: number,
    private readonly onFileBytes?: (chunk: Buffer) => void,
  ) {}

  get offset(): number {
    return this.position - (this.end - this.start);
  }

  get eof(): boolean {
    return this.position >= this.size;
  }

  private readAhead(): void {
    if (this.ahead || this.aheadAt >= this.size) return;
    const at = this.aheadAt;
    const length = Math.min(READ_SIZE, this.size - at);
    this.aheadAt += length;
    const spare = this.spare.pop() ?? Buffer.allocUnsafe(READ_SIZE);
    this.ahead = (async () => {
      const chunk = spare.subarray(0, length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await this.file.read(chunk, done, length - done, at + done);
        if (bytesRead === 0) throw new ArchiveError(`file shrank while reading (expected ${this.size} bytes)`);
        done += bytesRead;
      }
      return chunk;
    })();
    this.ahead.catch(() => undefined);
  }

  private release(chunk: Buffer): void {
    this.spare.push(Buffer.from(chunk.buffer, chunk.byteOffset, READ_SIZE));
  }

  /** Reads until at least `min` bytes are buffered or the file ends. */
  async fill(min: number): Promise<void> {
    while (this.end - this.start < min && !this.eof) {
      this.readAhead();
      const chunk = await (this.ahead as Promise<Buffer>);
      this.ahead = undefined;
      this.onFileBytes?.(chunk);
      this.position += chunk.length;
      const left = this.end - this.start;
      if (left === 0) {
        if (this.bufIsRead) this.release(this.buf);
        this.buf = chunk;
        this.bufIsRead = true;
      } else {
        const needed = left + chunk.length;
        let joined = this.joined;
        if (!joined || joined.length < needed) {
          joined = Buffer.allocUnsafe(Math.max(needed, (joined?.length ?? 0) * 2));
        }
        // copy() handles the overlap when the window is already the joined buffer.
        this.buf.copy(joined, 0, this.start, this.end);
        chunk.copy(joined, left);
        if (this.bufIsRead) this.release(this.buf);
        this.release(chunk);
        this.joined = joined;
        this.buf = joined.subarray(0, needed);
        this.bufIsRead = false;
      }
      this.start = 0;
      this.end = this.buf.length;
      this.readAhead();
    }
  }

  /** Waits for a read still in flight (before the file is closed). */
  async settle(): Promise<void> {
    await this.ahead?.catch(() => undefined);
  }
}
