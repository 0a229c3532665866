import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { writeAll } from '../fs/atomic-write.js';

/**
 * The copy loop, run in a worker thread. On the main thread the inflating pass holds the event
 * loop between reads, and a read-then-write loop there advanced one step per turn: at 256 MiB
 * it finished after the pass it was meant to hide under. A worker's synchronous loop runs on
 * the other core at page-cache speed. Plain JavaScript, evaluated, so that it also runs from
 * the esbuild bundles of the container scripts (no file to resolve).
 */
const COPY_LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { input, output, from, to, chunk } = workerData;
let source;
let target;
try {
  source = fs.openSync(input, 'r');
  target = fs.openSync(output, 'r+');
  const buffer = Buffer.allocUnsafe(chunk);
  let at = from;
  for (;;) {
    const read = fs.readSync(source, buffer, 0, chunk, at);
    if (read === 0) break;
    for (let done = 0; done < read; ) done += fs.writeSync(target, buffer, done, read - done, at + done - from + to);
    at += read;
  }
  parentPort.postMessage({ copied: at - from });
} catch (error) {
  // An uncaught error would reach the main thread without its code (ENOSPC, EIO, ...).
  parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code, syscall: error && error.syscall } });
} finally {
  if (source !== undefined) fs.closeSync(source);
  if (target !== undefined) fs.closeSync(target);
}
`;

const CHUNK = 4 * 1024 * 1024;
/** Below this, a worker's start (tens of ms) costs more than the copy: it runs on this thread. */
const IN_THREAD_MAX = 32 * 1024 * 1024;

/** What the copy loop posts once. */
interface WorkerResult {
  copied?: number;
  error?: { message: string; code?: string; syscall?: string };
}

/** A copy in progress: `done` resolves with the bytes copied; `stop` ends it early. */
export interface ShiftedCopy {
  done: Promise<number>;
  stop(): Promise<void>;
}

/**
 * Copies `input` from byte `from` to its end into the existing file `output` at byte `to`.
 * Node has no ranged copy_file_range, and the bytes move by a header's change of length, so a
 * whole-file kernel copy does not fit: 4 MiB at a time through a buffer, in a worker thread for
 * a large input (`size`: the input's size).
 */
export function copyShifted(input: string, output: string, from: number, to: number, size: number): ShiftedCopy {
  if (size - from <= IN_THREAD_MAX) {
    let stopped = false;
    const done = copyInThread(input, output, from, to, () => stopped);
    done.catch(() => undefined);
    return {
      done,
      async stop() {
        stopped = true;
        await done.catch(() => undefined);
      },
    };
  }
  const worker = new Worker(COPY_LOOP, { eval: true, workerData: { input, output, from, to, chunk: CHUNK } });
  const done = new Promise<number>((resolveCopy, reject) => {
    let result: WorkerResult | undefined;
    worker.once('message', (message: WorkerResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result?.error) reject(Object.assign(new Error(result.error.message), { code: result.error.code, syscall: result.error.syscall }));
      else if (result?.copied !== undefined) resolveCopy(result.copied);
      else reject(new Error(`the copy of ${input} stopped (exit ${code})`));
    });
  });
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      await worker.terminate();
      await done.catch(() => undefined);
    },
  };
}

async function copyInThread(input: string, output: string, from: number, to: number, stopped: () => boolean): Promise<number> {
  const source = await open(input, 'r');
  try {
    const target = await open(output, 'r+');
    try {
      const buffer = Buffer.allocUnsafe(CHUNK);
      let at = from;
      while (!stopped()) {
        const { bytesRead } = await source.read(buffer, 0, CHUNK, at);
        if (bytesRead === 0) break;
        await writeAll(target, buffer.subarray(0, bytesRead), at - from + to);
        at += bytesRead;
      }
      return at - from;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
