/**
 * Test fixture: a Debian bullseye minbase root file system with python3 and no node (glibc
 * 2.31, like the Ubuntu 20.04 of the SKLearn 1.2-1 image), built once with mmdebstrap and
 * cached outside the repository, keyed by its recipe, under a lock.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sagewireCacheDir } from '../../src/assets/node-runtime-cache.js';
import { withFileLock } from '../../src/fs/file-lock.js';

export const BULLSEYE_RECIPE = ['mmdebstrap', '--variant=minbase', '--include=python3', '--mode=root', 'bullseye', '<target>', 'http://deb.debian.org/debian'];

/** The root folder; builds it on first use (a few minutes), needs root and mmdebstrap. */
export async function bullseyeRoot(log: (l: string) => void = () => {}): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(BULLSEYE_RECIPE)).digest('hex').slice(0, 16);
  const base = join(sagewireCacheDir(), 'fixtures');
  const root = join(base, `bullseye-minbase-python3-${key}`);
  const done = join(root, '.sagewire-fixture-complete');
  if (existsSync(done)) return root;
  if (process.getuid?.() !== 0) throw new Error('building the bullseye fixture needs root (mmdebstrap --mode=root)');
  if (spawnSync('mmdebstrap', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('mmdebstrap is missing: apt-get install mmdebstrap (the test builds a Debian bullseye root with it)');
  }
  await mkdir(base, { recursive: true });
  return withFileLock(`${root}.lock`, async () => {
    if (existsSync(done)) return root;
    const tmp = `${root}.tmp`;
    await rm(tmp, { recursive: true, force: true });
    log(`building the bullseye fixture in ${root} (once)`);
    const args = BULLSEYE_RECIPE.slice(1).map((a) => (a === '<target>' ? tmp : a));
    const r = spawnSync('mmdebstrap', args, { encoding: 'utf8', timeout: 30 * 60_000, maxBuffer: 64 * 2 ** 20 });
    if (r.status !== 0) {
      await rm(tmp, { recursive: true, force: true });
      throw new Error(`mmdebstrap failed (${r.status}): ${(r.stderr ?? '').slice(-2000)}`);
    }
    spawnSync('touch', [join(tmp, '.sagewire-fixture-complete')]);
    await rm(root, { recursive: true, force: true });
    await rename(tmp, root);
    return root;
  });
}
