/**
 * Atomic file writes, for both halves: a temp file in the same folder, fsync, rename. A failure
 * leaves the target as it was and no temp file behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';

const TEMP_SUFFIX = '.sagewire-tmp';

/** A temp file beside `path` (same folder, so the final rename is atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/** Whether a file name is one of our in-flight temp files (folder listings skip them). */
export function isTempName(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}

/**
 * Runs `write` against a fresh temp file beside `path` (its folder created if missing), then
 * fsyncs, closes and renames it onto `path`. If anything throws, the temp file is removed and
 * `path` is left as it was.
 */
export async function withAtomicFile<T>(path: string, write: (file: FileHandle, tempPath: string) => Promise<T>): Promise<T> {
  const target = resolve(path);
  const temp = tempPathFor(target);
  await mkdir(dirname(target), { recursive: true });
  const file = await open(temp, 'wx+', 0o644);
  let closed = false;
  try {
    const result = await write(file, temp);
    await file.sync();
    await file.close();
    closed = true;
    await rename(temp, target);
    return result;
  } catch (error) {
    if (!closed) await file.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw withPath(error, target);
  }
}

/**
 * A write through a file handle fails without a path (`ENOSPC: no space left on device,
 * write`): the error gets the target's, so that it can be reported naming the file.
 */
function withPath(error: unknown, path: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string' && e.path === undefined) e.path = path;
  return error;
}

/** Writes `data` to `path` atomically: temp name in the same folder, fsync, rename. */
export async function writeFileAtomic(path: string, data: Buffer | string | NodeJS.ReadableStream): Promise<void> {
  await withAtomicFile(path, async (file) => {
    if (typeof data === 'string' || Buffer.isBuffer(data)) {
      await file.writeFile(data);
      return;
    }
    let position = 0;
    for await (const chunk of Readable.from(data as AsyncIterable<Buffer | string>)) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      await writeAll(file, bytes, position);
      position += bytes.length;
    }
  });
}

/** Writes all of `bytes` at `position` (file handle writes may be partial). */
export async function writeAll(file: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}
