import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../store/index.js';
import { InputDigests } from './input-digest.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sagewire-digest-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('input digests', () => {
  it('follow content and relative keys, not object identity; hashes are memoized', async () => {
    const store = new FolderStore(join(dir, 'store'));
    const memo = join(dir, 'memo');
    const digests = new InputDigests(store, memo);
    await store.putBytes('s3://bkt/in/a.txt', 'alpha');
    await store.putBytes('s3://bkt/in/sub/b.txt', 'beta');
    const inputs = [{ path: '/opt/ml/processing/input', uri: 's3://bkt/in' }];
    const d1 = await digests.digest(inputs);
    expect(await readdir(memo)).toHaveLength(2);
    expect(await new InputDigests(store, memo).digest(inputs)).toBe(d1);
    await store.putBytes('s3://bkt/in/a.txt', 'alpha'); // rewritten, same content
    expect(await new InputDigests(store, memo).digest(inputs)).toBe(d1);
    await store.putBytes('s3://bkt/in/a.txt', 'ALPHA');
    const d2 = await new InputDigests(store, memo).digest(inputs);
    expect(d2).not.toBe(d1);
    expect(await new InputDigests(store, memo).digest([{ path: '/opt/ml/other', uri: 's3://bkt/in' }])).not.toBe(d2);
  });
});
