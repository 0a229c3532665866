/**
 * A byte copy of someone else's gzip file: by reflink or kernel copy, with any sagewire index in
 * its first header disowned (gzip-index.ts), because a step that trusts the index of what
 * sagewire wrote must not trust one it only passed on. Only the header is read and, when it
 * holds an index, written back.
 */
import { constants } from 'node:fs';
import { copyFile, type FileHandle } from 'node:fs/promises';
import { writeAll } from '../fs/atomic-write.js';
import { disownIndex } from './gzip-index.js';

/** The most a gzip header up to its extra field takes: 10 fixed bytes, XLEN, 65535 extra bytes. */
export const MAX_EXTRA_HEADER_BYTES = 12 + 0xffff;

/**
 * Copies `input` over `outPath`, the file `out` has open for reading and writing, and disowns an
 * index within its first `headerBytes` bytes.
 */
export async function copyDisowned(input: string, out: FileHandle, outPath: string, headerBytes = MAX_EXTRA_HEADER_BYTES): Promise<void> {
  await copyFile(input, outPath, constants.COPYFILE_FICLONE);
  const head = Buffer.alloc(headerBytes);
  const { bytesRead } = await out.read(head, 0, headerBytes, 0);
  const read = head.subarray(0, bytesRead);
  const disowned = disownIndex(read);
  if (disowned !== read) await writeAll(out, disowned, 0);
}
