/** Copies one object within a store through a temporary local file (the store has no server-side copy). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectStore } from '../../store/index.js';

export async function copyObject(store: ObjectStore, from: string, to: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sagewire-copy-'));
  try {
    const file = join(dir, 'object');
    await store.getToFile(from, file);
    await store.putFile(to, file);
    return to;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
