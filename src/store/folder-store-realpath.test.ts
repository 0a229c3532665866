/** A read of the folder store resolves the store folder's real path once (the check and the /proc check share it). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { FolderStore } from './folder-store.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  return { ...original, realpath: vi.fn(original.realpath) };
});

it('getBytes resolves the root once, and still reads the object', async () => {
  const root = join(mkdtempSync(join(tmpdir(), 'sagewire-store-realpath-')), 'store');
  mkdirSync(join(root, 'bkt'), { recursive: true });
  writeFileSync(join(root, 'bkt', 'obj.json'), '{}');
  const store = new FolderStore(root);
  vi.mocked(realpath).mockClear();
  expect((await store.getBytes('s3://bkt/obj.json')).toString()).toBe('{}');
  expect(vi.mocked(realpath).mock.calls.filter(([p]) => p === root)).toHaveLength(1);
});
