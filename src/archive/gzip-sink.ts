import { once } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import { writeAll } from './atomic-write.js';

/** Where tar bytes go to be compressed into a file; `end` resolves once all is on disk. */
export interface TarSink {
  write(chunk: Buffer): Promise<void> | void;
  end(): Promise<void>;
  /** Compressed bytes written so far. */
  readonly bytesOut: number;
}

/** Default gzip level for archives we write from scratch. */
export const DEFAULT_LEVEL = 6;

/** Single-threaded gzip of the tar stream into `file` from `position` (node zlib). */
export function gzipFileSink(file: FileHandle, level = DEFAULT_LEVEL, position = 0): TarSink {
  const gzip = zlib.createGzip({ level, chunkSize: 256 * 1024 });
  let written = 0;
  let failure: unknown;
  const writer = (async () => {
    for await (const chunk of gzip as AsyncIterable<Buffer>) {
      await writeAll(file, chunk, position + written);
      written += chunk.length;
    }
  })();
  writer.catch((error: unknown) => {
    failure = error;
  });
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!gzip.write(chunk)) await once(gzip, 'drain');
    },
    async end() {
      gzip.end();
      await writer;
    },
    get bytesOut() {
      return written;
    },
  };
}
