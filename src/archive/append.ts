import { constants } from 'node:fs';
import { copyFile, open, stat, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import zlib from 'node:zlib';
import { ArchiveError } from '../errors.js';
import { withAtomicFile, writeAll } from '../fs/atomic-write.js';
import type { BlockMark, GzipMember } from './compressed-reader.js';
import { DEFAULT_LEVEL } from './gzip-sink.js';
import type { ArchiveLimits } from './limits.js';
import { deflateTailDecodesTo } from './deflate-tail-check.js';
import { copyDisowned } from './disowned-copy.js';
import { crcTrackingFeed } from './crc-tracker.js';
import { gzipHeaderLength, hasGzipMagic } from './gzip-header.js';
import { indexedHeaderLength, MAX_TABLE_ENTRIES, MemberTable } from './gzip-index.js';
import { parallelGzipSink } from './parallel-gzip-sink.js';
import { checkInjectedAgainst } from './rewrite.js';
import { copyShifted } from './shifted-copy.js';
import { storedBlockBridge } from './stored-bridge.js';
import { validatedPass } from './scan.js';
import { paddedSize } from './tar-header.js';
import { missingFolders, recordAround, writeMembers, type ResolvedFile } from './tar-members.js';
import { TailBuffer } from './tail-buffer.js';
import type { EntryInfo, Progress, WriteResult } from './types.js';

/** Why an archive cannot be appended to (the caller rewrites it instead, or fails). */
export class CannotAppend extends Error {}

export interface AppendOptions {
  input: string;
  output: string;
  files: ResolvedFile[];
  limits?: Partial<ArchiveLimits>;
  onProgress?: (p: Progress) => void;
  log?: (line: string) => void;
  level?: number;
  /** Skip the append index of the input: read and check the whole archive (`--verify`). */
  verify?: boolean;
  /**
   * An injected file whose place the output's index records (gzip-index.ts's MemberPoint), so
   * that a reader trusting the index reads it without inflating the archive before it.
   */
  recordMember?: string;
}

const WINDOW = 32 * 1024;
const TAIL_CAPACITY = 8 * 1024 * 1024;
const MAX_TAIL_COMPRESSED = 4 * 1024 * 1024;

/**
 * Adds files to a .tar.gz without recompressing it (zlib's gzappend idea): one validating pass
 * finds the last deflate block boundary before the tar end-of-archive marker; the output is the
 * input's compressed bytes up to that boundary, an empty stored block to get back to a byte
 * boundary, then a fresh deflate stream (primed with the previous 32 KiB as dictionary) of the
 * rest of the old tar data, the new members and a new end-of-archive marker, and a new trailer.
 * One gzip member, so every reader sees one tar stream. Throws CannotAppend when it cannot.
 */
export async function appendToArchive(opts: AppendOptions): Promise<WriteResult> {
  const started = performance.now();
  const inputSize = (await stat(opts.input)).size;
  if (inputSize > 0 && !(await startsWithGzipMagic(opts.input))) throw new CannotAppend('the input is not gzip-compressed (a plain tar?)');
  const kinds = new Map<string, EntryInfo['type']>();
  const hardLinkTargets = new Map<string, string>();
  const injected = new Set(opts.files.map((file) => file.name));
  const replaced = new Set<string>();
  const tail = new TailBuffer(TAIL_CAPACITY);
  let marks: BlockMark[] = [];
  let lowerBound = 0;
  let cannot: string | undefined;
  // A pax global header applies to every later member: a reader starting at a recorded member would not see it.
  let globalHeader = false;

  const table = new MemberTable();
  // The output's header carries the append index (so the next append reads only its tail);
  // the input's own header is replaced, so its compressed bytes move by `shift`.
  const headerLength = indexedHeaderLength(MAX_TABLE_ENTRIES);
  const firstHeader = await gzipHeaderEnd(opts.input);

  return withAtomicFile(opts.output, async (out, tempPath) => {
    // The copy and its flush to disk overlap the reading pass, so that the final fsync has
    // little left to write. It assumes one gzip member (what gzip, GNU tar and sagewire write).
    const shiftable = firstHeader > 0;
    let shift = shiftable ? headerLength - firstHeader : 0;
    const copy = shiftable ? copyShifted(opts.input, tempPath, firstHeader, headerLength, inputSize) : undefined;
    const copying = (copy ? copy.done : copyFile(opts.input, tempPath, constants.COPYFILE_FICLONE)).then(() => out.datasync());
    copying.catch(() => undefined);
    let pass;
    try {
      pass = await validatedPass(opts.input, {
        limits: opts.limits,
        onProgress: opts.onProgress,
        onUncompressed: (chunk) => tail.push(chunk),
        onBlock: (mark) => {
          marks.push(mark);
          if (marks.length > 256) marks = pruneMarks(marks, lowerBound);
        },
        onRawEntry: (raw, checked) => {
          lowerBound = raw.dataOffset + paddedSize(checked?.info.size ?? 0);
          if (raw.globalHeaderBytes) globalHeader = true;
          if (!checked) return;
          const { info } = checked;
          if (checked.modeStripped) cannot ??= `${info.name} has setuid/setgid/sticky or world-writable bits to strip`;
          if (injected.has(info.name)) {
            if (info.type === 'directory') throw new ArchiveError('is a directory in the archive; a file cannot replace it', info.name);
            if (info.type !== 'file') cannot ??= `${info.name} is a ${info.type} (a shadowing file would be written through it)`;
            if (!replaced.has(info.name)) opts.log?.(`replacing ${info.name} (already in ${opts.input}; the new member shadows it)`);
            replaced.add(info.name);
          }
          kinds.set(info.name, info.type);
          table.add(info.name, info.type, info.linkname);
          if (info.type === 'link') hardLinkTargets.set(info.linkname as string, info.name);
        },
      });
    } catch (error) {
      await copy?.stop();
      throw error;
    } finally {
      await copying.catch(() => undefined);
    }
    for (const name of replaced) {
      if (hardLinkTargets.has(name)) cannot ??= `${name} is the target of the hard link '${hardLinkTargets.get(name)}'`;
    }
    const existingDirs = checkInjectedAgainst(kinds, opts.files, new Map(), new Set());
    if (cannot) throw new CannotAppend(cannot);
    await copying;
    const indexed = shiftable && pass.members.length === 1;
    if (!indexed && shiftable) {
      // Concatenated members: the first header stays, the bytes are copied where they were; an
      // index in it is the input's, not one sagewire wrote for this output: disowned.
      await copyDisowned(opts.input, out, tempPath, firstHeader);
      shift = 0;
    }
    const member = pass.members[pass.members.length - 1] as GzipMember;
    const cut = await findCut(opts.input, member, marks, pass.endOffset, tail);
    const folders = missingFolders(opts.files, existingDirs);
    for (const folder of folders) table.add(folder.name, 'directory');
    for (const file of opts.files) table.add(file.name, 'file');
    const written = await writeTail(out, cut, shift, folders, opts, tail, pass.endOffset, indexed ? { headerLength, table, record: !globalHeader } : undefined);
    await verifyTail(tempPath, written);
    await out.truncate(written.fileEnd);
    const newNames = opts.files.filter((file) => !kinds.has(file.name)).length;
    return {
      output: resolve(opts.output),
      entries: kinds.size + folders.length + newNames,
      bytesIn: inputSize + opts.files.reduce((sum, file) => sum + file.size, 0),
      bytesOut: written.fileEnd,
      seconds: (performance.now() - started) / 1000,
      method: 'append' as const,
      inputRead: 'whole' as const,
      replaced: [...replaced].sort(),
    };
  });
}

/** Length of the file's first gzip header (0 when it is not gzip: the pass then refuses it). */
async function gzipHeaderEnd(path: string): Promise<number> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(64 * 1024 + 64);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    try {
      return gzipHeaderLength(head, 0, bytesRead, 0) ?? 0;
    } catch {
      return 0;
    }
  } finally {
    await file.close();
  }
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    await file.read(head, 0, 2, 0);
    return hasGzipMagic(head);
  } finally {
    await file.close();
  }
}

/** Keeps the last mark at or before `lowerBound` (the end of the tar data is after it) and all later ones. */
function pruneMarks(marks: BlockMark[], lowerBound: number): BlockMark[] {
  let keepFrom = 0;
  for (let i = 0; i < marks.length; i += 1) if ((marks[i] as BlockMark).uncompressed <= lowerBound) keepFrom = i;
  return marks.slice(keepFrom);
}

/** Where to cut: a block boundary (exact bit) in the last member, at or before the tar end. */
interface Cut {
  bit: number;
  uncompressed: number;
  crc: number;
  member: GzipMember;
  window: Buffer;
}

async function findCut(path: string, member: GzipMember, marks: BlockMark[], endOffset: number, tail: TailBuffer): Promise<Cut> {
  if (member.uncompressedStart > endOffset) {
    throw new CannotAppend('the tar data ends before the last gzip member starts');
  }
  const memberIndexMarks = marks.filter((mark) => mark.uncompressed <= endOffset && mark.uncompressed >= member.uncompressedStart);
  const candidates: { compressedEnd: number; uncompressed: number; exact: boolean }[] = memberIndexMarks
    .filter((mark) => mark.compressedEnd > member.deflateStart && mark.compressedEnd <= member.trailerStart)
    .map((mark) => ({ ...mark, exact: false }));
  candidates.unshift({ compressedEnd: member.deflateStart, uncompressed: member.uncompressedStart, exact: true });
  const best = candidates[candidates.length - 1] as (typeof candidates)[number];
  if (member.trailerStart - best.compressedEnd > MAX_TAIL_COMPRESSED) {
    throw new CannotAppend('the last deflate block before the end of the tar data is too far from the end');
  }
  const window = tail.slice(Math.max(member.uncompressedStart, best.uncompressed - WINDOW), best.uncompressed);
  const expected = tail.slice(best.uncompressed, tail.end);
  if (!window || !expected) throw new CannotAppend('the last deflate block is larger than the append buffer');
  const file = await open(path, 'r');
  try {
    const firstByte = Math.max(member.deflateStart, best.compressedEnd - 2);
    const compressed = Buffer.alloc(member.trailerStart - firstByte);
    await file.read(compressed, 0, compressed.length, firstByte);
    // zlib stopped with 0..7 unused bits of the last byte it took: try each, only one decodes.
    const matches: number[] = [];
    for (let held = 0; held <= (best.exact ? 0 : 15); held += 1) {
      const bit = best.compressedEnd * 8 - held;
      if (bit < member.deflateStart * 8) break;
      if (deflateTailDecodesTo(compressed, bit - firstByte * 8, window, expected)) matches.push(bit);
    }
    if (matches.length !== 1) throw new CannotAppend(`could not place the last deflate block boundary (${matches.length} candidates)`);
    return { bit: matches[0] as number, uncompressed: best.uncompressed, crc: crcAt(member, best.uncompressed, tail), member, window };
  } finally {
    await file.close();
  }
}

/** The CRC-32 of the member's bytes before `offset`: from the last snapshot before it, over the buffered tail. */
function crcAt(member: GzipMember, offset: number, tail: TailBuffer): number {
  let base = { offset: member.uncompressedStart, crc: 0 };
  for (const snapshot of member.snapshots) if (snapshot.offset <= offset && snapshot.offset > base.offset) base = snapshot;
  const bytes = tail.slice(base.offset, offset);
  if (!bytes) throw new CannotAppend('the data before the last deflate block is no longer buffered');
  return zlib.crc32(bytes, base.crc) >>> 0;
}

/** The deflate data written after the cut, to decode back before the rename. */
interface WrittenTail {
  /** File offset where the new deflate data starts (byte-aligned, after the stored block). */
  streamStart: number;
  fileEnd: number;
  dictionary?: Buffer;
  tailCrc: number;
  tailLength: number;
}

async function writeTail(
  out: FileHandle,
  cut: Cut,
  shift: number,
  folders: { name: string; mtime: Date }[],
  opts: AppendOptions,
  tail: TailBuffer,
  endOffset: number,
  index: { headerLength: number; table: MemberTable; record: boolean } | undefined,
): Promise<WrittenTail> {
  const first = Buffer.alloc(1);
  await out.read(first, 0, 1, Math.floor(cut.bit / 8) + shift);
  const bridge = storedBlockBridge(cut.bit, first[0] as number);
  await writeAll(out, bridge.bytes, bridge.startByte + shift);
  const streamStart = bridge.startByte + shift + bridge.bytes.length;
  const dictionary = cut.window.length > 0 ? cut.window : undefined;
  const sink = parallelGzipSink(out, opts.level ?? DEFAULT_LEVEL, {
    ...(index ? { headerLength: index.headerLength } : {}),
    continueAt: { position: streamStart, crc: cut.crc, length: cut.uncompressed - cut.member.uncompressedStart },
    ...(dictionary ? { dictionary } : {}),
  });
  const written = crcTrackingFeed((chunk) => sink.write(chunk));
  const oldTail = tail.slice(cut.uncompressed, endOffset);
  if (!oldTail) throw new CannotAppend('the old tar tail is no longer buffered');
  await written.feed(oldTail);
  await writeMembers(opts.files, folders, written.feed, {
    beforeEndMarker: () => sink.flushPoint(),
    ...(index?.record ? recordAround(sink, opts.recordMember) : {}),
  });
  await sink.end(index?.table);
  return { streamStart, fileEnd: sink.bytesOut, ...(dictionary ? { dictionary } : {}), tailCrc: written.crc(), tailLength: written.length() };
}

/** Decodes the new deflate stream back from the written file and checks its CRC and length. */
export async function verifyTail(path: string, written: WrittenTail): Promise<void> {
  const file = await open(path, 'r');
  try {
    const inflate = zlib.createInflateRaw({ dictionary: written.dictionary });
    let crc = 0;
    let total = 0;
    const reading = (async () => {
      const buffer = Buffer.alloc(1024 * 1024);
      for (let at = written.streamStart; at < written.fileEnd - 8; ) {
        const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, written.fileEnd - 8 - at), at);
        at += bytesRead;
        if (!inflate.write(Buffer.from(buffer.subarray(0, bytesRead)))) await new Promise((done) => inflate.once('drain', done));
      }
      inflate.end();
    })();
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      crc = zlib.crc32(chunk, crc);
      total += chunk.length;
    }
    await reading;
    if (crc >>> 0 !== written.tailCrc || total !== written.tailLength) throw new Error('CRC or length differs');
  } catch (error) {
    throw new ArchiveError(`appended data does not read back correctly (this is a bug; nothing was written): ${(error as Error).message}`);
  } finally {
    await file.close();
  }
}
