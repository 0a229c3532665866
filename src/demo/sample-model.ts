/**
 * The demo's sample model: `model/model.tar.gz` holding deterministic pseudo-random weights
 * (incompressible, like real weights) and a small model card. Rebuilt only when missing or
 * of another size, so a second demo run feeds the pipeline the same bytes (and hits the cache).
 */
import { createCipheriv } from 'node:crypto';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createArchive } from '../archive/index.js';
import { writeAll } from '../fs/atomic-write.js';
import { writeIfChanged } from './demo-files.js';

const FIXED_TIME = new Date('2024-01-01T00:00:00Z');

/** Writes `size` deterministic pseudo-random bytes (AES-CTR over zeros with a fixed key). */
async function writeWeights(path: string, size: number): Promise<void> {
  const cipher = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16, 0));
  const out = await open(path, 'w');
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (let position = 0; position < size; position += chunk.length) {
      await writeAll(out, cipher.update(size - position >= chunk.length ? chunk : chunk.subarray(0, size - position)), position);
    }
  } catch (err) {
    // A handle's write error has no path (a full disk): name the file.
    (err as NodeJS.ErrnoException).path ??= path;
    throw err;
  } finally {
    await out.close();
  }
}

/** Makes `<dir>/model/model.tar.gz` for a weights size; returns its path. */
export async function ensureSampleModel(dir: string, size: number): Promise<string> {
  const modelDir = join(dir, 'model');
  const archive = join(modelDir, 'model.tar.gz');
  const stamp = join(modelDir, '.weights-size');
  const current = await readFile(stamp, 'utf8').catch(() => '');
  if (current.trim() === String(size) && (await stat(archive).catch(() => undefined))) return archive;

  await mkdir(modelDir, { recursive: true });
  const weights = join(modelDir, `weights.bin.tmp-${process.pid}`);
  try {
    await writeWeights(weights, size);
    const card = { format: 'sagewire-demo', weights: 'weights.bin', bytes: size };
    await createArchive({
      output: archive,
      level: 1,
      files: [
        { name: 'weights.bin', source: weights, mtime: FIXED_TIME, mode: 0o644 },
        { name: 'model-card.json', source: Buffer.from(`${JSON.stringify(card, null, 2)}\n`), mtime: FIXED_TIME, mode: 0o644 },
      ],
    });
  } finally {
    await rm(weights, { force: true });
  }
  await writeIfChanged(stamp, String(size));
  return archive;
}
