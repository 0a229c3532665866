/**
 * The folder store's check-then-open gap, attacked: while a reader fetches an object, another
 * process keeps swapping the object's folder for a symbolic link to a folder outside the store
 * (holding a secret under the same name). Every read must give the store's bytes or a refusal,
 * never the secret. CPython does the swapping, as a separate process, so it races for real.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderStore } from './folder-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-store-race-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SWAPPER = `
import os, sys, time
real, link, outside, parked = sys.argv[1:5]
end = time.time() + float(sys.argv[5])
while time.time() < end:
    os.rename(real, parked)
    os.symlink(outside, real)
    for _ in range(20): os.lstat(outside)
    os.unlink(real)
    os.rename(parked, real)
    for _ in range(20): os.lstat(outside)
`;

describe('folder store reads under a racing link swap', () => {
  it('never reads, stages or links a file outside the store', async () => {
    const root = join(dir, 'store');
    const folder = join(root, 'bkt', 'obj');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'model.tar.gz'), 'inside');
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'model.tar.gz'), 'SECRET');
    const store = new FolderStore(root);
    const swapper = spawn('python3', ['-c', SWAPPER, folder, '', join(dir, 'outside'), join(root, 'bkt', 'parked'), '4'], { stdio: 'inherit' });
    const exited = new Promise<number | null>((resolve, reject) => {
      swapper.on('exit', resolve);
      swapper.on('error', (err) => reject(new Error(`cannot start python3 (${err.message}); install it with: apt-get install python3`)));
    });
    const seen = { inside: 0, refused: 0, secret: 0 };
    const uri = 's3://bkt/obj/model.tar.gz';
    const started = Date.now();
    let n = 0;
    while (Date.now() - started < 3500) {
      n++;
      try {
        const how = n % 3;
        let text: string;
        if (how === 0) text = (await store.getBytes(uri)).toString();
        else if (how === 1) {
          const out = join(dir, `copy-${n}`);
          await store.getToFile(uri, out);
          text = (await import('node:fs')).readFileSync(out, 'utf8');
        } else {
          const out = join(dir, `link-${n}`);
          await store.linkToFile(uri, out);
          text = (await import('node:fs')).readFileSync(out, 'utf8');
        }
        if (text === 'SECRET') seen.secret++;
        else seen.inside++;
      } catch {
        seen.refused++;
      }
    }
    expect(await exited).toBe(0);
    expect(seen.secret).toBe(0);
    expect(seen.inside).toBeGreaterThan(0);
  }, 30_000);
});
