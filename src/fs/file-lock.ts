/**
 * A lock between processes on one machine: a lock file created exclusively, holding the
 * holder's pid. A waiter polls; a lock whose holder is gone (killed, crashed) is taken over.
 * Used where two runs must not build or fetch the same cached thing at once.
 */
import { open, readFile, rm } from 'node:fs/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryTake(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'wx');
    await fh.writeFile(String(process.pid));
    await fh.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  // An empty file is a holder between create and write: wait for it.
  if (Number.isInteger(holder) && holder > 0 && !alive(holder)) await rm(path, { force: true });
  return false;
}

/** Runs `fn` while holding the lock file `path`; `onWait` is called once if another holds it. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, onWait?: () => void): Promise<T> {
  let waited = false;
  while (!(await tryTake(path))) {
    if (!waited) onWait?.();
    waited = true;
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
