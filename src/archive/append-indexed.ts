import { constants } from 'node:fs';
import { copyFile, open, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import zlib from 'node:zlib';
import { withAtomicFile } from '../fs/atomic-write.js';
import type { AppendOptions } from './append.js';
import { verifyTail } from './append.js';
import { crc32Combine } from './crc32-combine.js';
import { crcTrackingFeed } from './crc-tracker.js';
import { ancestorsOf } from './entry-name.js';
import { DIGEST_SPAN, indexedHeaderLength, MemberTable, type ParsedIndex } from './gzip-index.js';
import { IndexUnusable, readFully, readIndexHeader } from './index-header.js';
import { DEFAULT_LEVEL } from './gzip-sink.js';
import { DEFAULT_LIMITS } from './limits.js';
import { parallelGzipSink } from './parallel-gzip-sink.js';
import { END_MARKER_BYTES, missingFolders, recordAround, writeMembers } from './tar-members.js';
import type { WriteResult } from './types.js';

/** The end-of-archive marker's deflate data is a few bytes; more means this is not our layout. */
const MAX_END_BYTES = 64 * 1024;

/**
 * Appends using the input's append index (gzip-index.ts): reads the header and the last
 * compressed bytes only, copies the file (a kernel copy: a reflink where the file system has
 * them, else copy_file_range), and replaces what follows the full-flush point (the deflated
 * end-of-archive marker) with the new members, a new flush point, a new marker and a trailer
 * whose CRC-32 is combined from the index's. Throws IndexUnusable on any doubt: no index, a
 * size or digest mismatch, an end that is not a bare end-of-archive marker, or injected names
 * the table says need the full path's checks (replacing anything but a plain file, a parent
 * that is not a folder).
 */
export async function appendWithIndex(opts: AppendOptions): Promise<WriteResult> {
  const started = performance.now();
  const file = await open(opts.input, 'r');
  let index: ParsedIndex;
  let table: MemberTable;
  let inputSize: number;
  try {
    inputSize = (await file.stat()).size;
    index = await readIndex(file, inputSize);
    table = index.table as MemberTable;
  } finally {
    await file.close();
  }

  const replaced: string[] = [];
  const existingDirs = new Set<string>();
  for (const injected of opts.files) {
    const entry = table.get(injected.name);
    if (entry && (entry.type !== 'file' || entry.linkTarget)) {
      throw new IndexUnusable(`${injected.name} is a ${entry.linkTarget ? 'hard link target' : entry.type} in the archive`);
    }
    if (entry) replaced.push(injected.name);
    for (const ancestor of ancestorsOf(injected.name)) {
      const parent = table.get(ancestor);
      if (parent && parent.type !== 'directory') throw new IndexUnusable(`parent '${ancestor}' of ${injected.name} is not a folder`);
      if (parent) existingDirs.add(ancestor);
    }
  }
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const addedBytes = opts.files.reduce((sum, injected) => sum + injected.size, 0);
  const members = table.members;
  const folders = missingFolders(opts.files, existingDirs);
  if (members + folders.length + opts.files.length > limits.maxEntries || index.lengthBefore + addedBytes > limits.maxTotalBytes) {
    throw new IndexUnusable('the result would pass the archive limits');
  }
  for (const name of replaced.sort()) opts.log?.(`replacing ${name} (already in ${opts.input}; the new member shadows it)`);
  for (const folder of folders) table.add(folder.name, 'directory');
  for (const injected of opts.files) table.add(injected.name, 'file');

  // The recorded member stays where it is unless a new member of its name shadows it.
  const point = index.point;
  const kept = point && !opts.files.some((injected) => MemberTable.hash(injected.name) === point.nameHash) ? point : undefined;

  const bytesOut = await withAtomicFile(opts.output, async (out, tempPath) => {
    await copyFile(opts.input, tempPath, constants.COPYFILE_FICLONE);
    const sink = parallelGzipSink(out, opts.level ?? DEFAULT_LEVEL, {
      headerLength: index.headerLength,
      continueAt: { position: index.flushOffset, crc: index.crcBefore, length: index.lengthBefore },
      ...(kept ? { point: kept } : {}),
    });
    const tail = crcTrackingFeed((chunk) => sink.write(chunk));
    await writeMembers(opts.files, folders, tail.feed, {
      beforeEndMarker: () => sink.flushPoint(),
      // A new point only where the input had one: its writer saw no pax global header before it.
      ...(point ? recordAround(sink, opts.recordMember) : {}),
    });
    await sink.end(table);
    await verifyTail(tempPath, { streamStart: index.flushOffset, fileEnd: sink.bytesOut, tailCrc: tail.crc(), tailLength: tail.length() });
    await out.truncate(sink.bytesOut);
    return sink.bytesOut;
  });
  const newNames = opts.files.length - replaced.length;
  return {
    output: resolve(opts.output),
    entries: members + folders.length + newNames,
    bytesIn: inputSize + addedBytes,
    bytesOut,
    seconds: (performance.now() - started) / 1000,
    method: 'append',
    inputRead: 'tail',
    replaced,
  };
}

/** The input's index, checked against the file's size and last bytes. */
async function readIndex(file: FileHandle, size: number): Promise<ParsedIndex> {
  const index = await readIndexHeader(file, size);
  if (index.fileSize !== size) throw new IndexUnusable(`the file is ${size} bytes, its index says ${index.fileSize}`);
  const endBytes = size - 8 - index.flushOffset;
  if (index.flushOffset < index.headerLength || endBytes <= 0 || endBytes > MAX_END_BYTES) {
    throw new IndexUnusable('the index points outside the compressed data');
  }
  if (index.lengthBefore % 512 !== 0) throw new IndexUnusable('the index does not point at a tar block boundary');
  if (!index.table) throw new IndexUnusable('the member names did not fit the index');
  if (index.headerLength < indexedHeaderLength(0)) throw new IndexUnusable('the gzip header has no room for an index of this version');
  const spanStart = Math.max(index.headerLength, index.flushOffset - DIGEST_SPAN);
  const tail = Buffer.alloc(size - spanStart);
  await readFully(file, tail, spanStart);
  if (!index.digestMatches(tail.subarray(0, index.flushOffset - spanStart))) {
    throw new IndexUnusable('the compressed bytes before the flush point are not the ones the index was written for');
  }
  checkEndMarker(index, tail.subarray(index.flushOffset - spanStart));
  return index;
}

/** What follows the flush point must be a deflated end-of-archive marker and the trailer that closes the stream. */
function checkEndMarker(index: ParsedIndex, end: Buffer): void {
  const deflated = end.subarray(0, end.length - 8);
  let zeros: Buffer;
  let consumed: number;
  try {
    const result = zlib.inflateRawSync(deflated, { info: true, maxOutputLength: 1024 * 1024 }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    zeros = result.buffer;
    consumed = result.engine.bytesWritten;
  } catch (error) {
    throw new IndexUnusable(`the end of the archive does not inflate (${(error as Error).message})`);
  }
  if (consumed !== deflated.length || zeros.length < END_MARKER_BYTES || zeros.length % 512 !== 0 || zeros.some((byte) => byte !== 0)) {
    throw new IndexUnusable('what follows the flush point is not a bare end-of-archive marker');
  }
  const crc = end.readUInt32LE(end.length - 8);
  const isize = end.readUInt32LE(end.length - 4);
  if (crc !== crc32Combine(index.crcBefore, zlib.crc32(zeros), zeros.length) || isize !== (index.lengthBefore + zeros.length) % 2 ** 32) {
    throw new IndexUnusable('the gzip trailer does not match the index');
  }
}
