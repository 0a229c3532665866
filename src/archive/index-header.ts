/**
 * Reading an archive's append index (gzip-index.ts) from its file, shared by the readers that
 * trust it: the indexed appender (append-indexed.ts) and the recorded-member reader
 * (recorded-member.ts). Either throws IndexUnusable on any doubt, and its caller takes the full,
 * verifying path.
 */
import type { FileHandle } from 'node:fs/promises';
import { NO_INDEX, parseIndexedHeader, type ParsedIndex } from './gzip-index.js';

/** Why the index of an archive cannot be used: the caller takes the full, verifying path. */
export class IndexUnusable extends Error {
  /** False when the archive has no index at all (not written by sagewire): nothing to report. */
  constructor(
    message: string,
    readonly hadIndex = true,
  ) {
    super(message);
  }
}

/** Fills `into` from `position`; a file that ends first is not the one its index describes. */
export async function readFully(file: FileHandle, into: Buffer, position: number): Promise<void> {
  for (let done = 0; done < into.length; ) {
    const { bytesRead } = await file.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new IndexUnusable('the file is shorter than its index says');
    done += bytesRead;
  }
}

/** The index in the gzip header of `file` (`size` bytes), not yet checked against the rest of the file. */
export async function readIndexHeader(file: FileHandle, size: number): Promise<ParsedIndex> {
  // The gzip header's fixed 10 bytes and the extra field's length (XLEN) say how much to read.
  const head = Buffer.alloc(Math.min(size, 12));
  await readFully(file, head, 0);
  if (head.length < 12) throw new IndexUnusable(NO_INDEX, false);
  const header = Buffer.alloc(Math.min(size, 12 + head.readUInt16LE(10)));
  await readFully(file, header, 0);
  const index = parseIndexedHeader(header);
  if (typeof index === 'string') throw new IndexUnusable(index, index !== NO_INDEX);
  return index;
}
