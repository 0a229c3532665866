import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../store/index.js';
import { StepCache, cacheKey, parseIsoDuration } from './cache.js';
import { objectFingerprint } from './staging.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sagewire-cache-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('step cache', () => {
  it('parses ISO 8601 durations', () => {
    expect(parseIsoDuration('P30D')).toBe(30 * 86_400_000);
    expect(parseIsoDuration('PT12H')).toBe(12 * 3_600_000);
    expect(parseIsoDuration('P1DT2H30M')).toBe(86_400_000 + 2 * 3_600_000 + 30 * 60_000);
    expect(parseIsoDuration('12h')).toBeUndefined();
    expect(parseIsoDuration('PT')).toBeUndefined();
  });

  it('keys change with the type, the arguments or the inputs', () => {
    const k = cacheKey('Processing', { a: 1 }, 'd1');
    expect(cacheKey('Processing', { a: 1 }, 'd1')).toBe(k);
    expect(cacheKey('Training', { a: 1 }, 'd1')).not.toBe(k);
    expect(cacheKey('Processing', { a: 2 }, 'd1')).not.toBe(k);
    expect(cacheKey('Processing', { a: 1 }, 'd2')).not.toBe(k);
  });

  it('hits while fresh and while every output is still in the store, unchanged', async () => {
    const store = new FolderStore(join(dir, 'store'));
    const cache = new StepCache(join(dir, 'cache'), store);
    await store.putBytes('s3://bkt/out/a.txt', 'a');
    const createdAt = new Date('2026-01-01T00:00:00Z');
    const fingerprint = await objectFingerprint(store, 's3://bkt/out/a.txt');
    await cache.save({ key: 'k1', step: 'S', executionId: 'e1', createdAt: createdAt.toISOString(), record: { X: 1 }, outputs: [{ uri: 's3://bkt/out/a.txt', fingerprint }] });
    expect((await cache.lookup('k1', 'PT1H', createdAt.getTime() + 60_000))?.record).toEqual({ X: 1 });
    expect(await cache.lookup('k1', 'PT1H', createdAt.getTime() + 7_200_000)).toBeUndefined();
    expect(await cache.lookup('k1', undefined, createdAt.getTime() + 1e12)).toBeDefined();
    // a later run wrote other content at the same URI: the earlier result is not reused
    await store.putBytes('s3://bkt/out/a.txt', 'b');
    expect(await cache.lookup('k1')).toBeUndefined();
    await store.delete('s3://bkt/out/a.txt');
    expect(await cache.lookup('k1')).toBeUndefined();
    expect(await cache.lookup('missing')).toBeUndefined();
  });
});
