/**
 * Partial files of killed runs: every atomic write goes through a temp file named
 * `.<name>.<pid>.<random>.sagewire-tmp` beside its target, removed on any failure the writing
 * process sees. A run killed mid-write (SIGKILL, power loss) leaves it behind; the next run
 * removes those whose writing process is gone.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempName } from '../fs/atomic-write.js';

/** The pid a temp file name carries; undefined when the name is not one of ours. */
export function tempWriterPid(name: string): number | undefined {
  if (!isTempName(name)) return undefined;
  const m = /\.(\d+)\.[0-9a-f]+\.sagewire-tmp$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the stale temp files under each folder (recursively, links not followed); returns how many. */
export async function removeStaleTemps(dirs: readonly string[]): Promise<number> {
  let removed = 0;
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await visit(p);
      else if (e.isFile()) {
        const pid = tempWriterPid(e.name);
        if (pid !== undefined && !alive(pid)) {
          await rm(p, { force: true });
          removed++;
        }
      }
    }
  };
  for (const d of dirs) await visit(d);
  return removed;
}
