import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderUsage, watchFolderUsage } from './folder-usage.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sagewire-usage-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('folder usage', () => {
  it('counts allocated blocks (a sparse file what it holds), every entry at least 4 KiB, and skips the given folders', async () => {
    const d = join(dir, 'a');
    await mkdir(join(d, 'inputs'), { recursive: true });
    await writeFile(join(d, 'inputs', 'big.bin'), Buffer.alloc(4 * 2 ** 20, 1));
    await writeFile(join(d, 'data.bin'), Buffer.alloc(2 ** 20, 1));
    for (let i = 0; i < 100; i++) await writeFile(join(d, `empty-${i}`), '');
    const sparse = await open(join(d, 'sparse.bin'), 'w');
    await sparse.truncate(2 ** 30);
    await sparse.close();
    const used = await folderUsage(d, new Set([join(d, 'inputs')]));
    // 1 MiB of data, 100 empty files, the sparse file and the inputs folder entry itself: not the 1 GiB sparse size, not the inputs.
    expect(used).toBeGreaterThanOrEqual(2 ** 20 + 100 * 4096);
    expect(used).toBeLessThan(2 ** 20 + 103 * 4096 + 64 * 1024);
  });

  it('reports once when the folder passes the bound', async () => {
    const d = join(dir, 'b');
    await mkdir(d);
    const seen: number[] = [];
    const watch = watchFolderUsage(d, 2 ** 20, [], (bytes) => seen.push(bytes));
    await writeFile(join(d, 'x.bin'), Buffer.alloc(2 * 2 ** 20, 1));
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 600));
    watch.stop();
    expect(seen.length).toBe(1);
    expect(seen[0]).toBeGreaterThan(2 ** 20);
  });
});
