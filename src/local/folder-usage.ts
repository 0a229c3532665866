/**
 * The disk a step's folder uses, measured while the step runs: RLIMIT_FSIZE bounds each file,
 * this bounds the total. Usage is allocated blocks (a sparse file counts what it holds), and
 * every entry counts at least one 4 KiB block (so a million empty files count too). Folders
 * bound read-only into the step (its staged inputs, hard links into the store) are skipped.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const ENTRY_BYTES = 4096;
/** Measure at most this often, and pause at least 4x as long as a measurement took. */
const MIN_INTERVAL_MS = 250;

/** Bytes used under `dir`, not descending into `skip` (exact paths); stops early past `stopAt`. */
export async function folderUsage(dir: string, skip: ReadonlySet<string>, stopAt = Infinity): Promise<number> {
  let total = 0;
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return; // removed meanwhile, or not readable: the step's own business
    }
    for (const e of entries) {
      if (total > stopAt) return;
      const p = join(d, e.name);
      if (skip.has(p)) continue;
      const st = await lstat(p).catch(() => undefined);
      if (!st) continue;
      total += Math.max(ENTRY_BYTES, st.blocks * 512);
      if (st.isDirectory()) await walk(p);
    }
  };
  await walk(dir);
  return total;
}

export interface UsageWatch {
  stop(): void;
}

/** Calls `onExceeded(bytes)` once when `dir` uses more than `limitBytes`; measures until stopped. */
export function watchFolderUsage(dir: string, limitBytes: number, skip: readonly string[], onExceeded: (bytes: number) => void): UsageWatch {
  const skipSet = new Set(skip);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    const started = Date.now();
    const used = await folderUsage(dir, skipSet, limitBytes);
    if (stopped) return;
    if (used > limitBytes) {
      stopped = true;
      onExceeded(used);
      return;
    }
    timer = setTimeout(() => void tick(), Math.max(MIN_INTERVAL_MS, 4 * (Date.now() - started)));
  };
  timer = setTimeout(() => void tick(), MIN_INTERVAL_MS);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
