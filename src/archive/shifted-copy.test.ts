import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyShifted } from './shifted-copy.js';
import { tempDir } from './test-support/trees.js';

describe('copyShifted', () => {
  it('moves the bytes after `from` to `to`, on this thread and in a worker (over 32 MiB)', async () => {
    const dir = await tempDir();
    for (const size of [5 * 1024 * 1024 + 3, 40 * 1024 * 1024 + 7]) {
      const input = join(dir, `in-${size}`);
      const head = randomBytes(1000);
      const body = randomBytes(size - 1000);
      await writeFile(input, Buffer.concat([head, body]));
      const output = join(dir, `out-${size}`);
      await writeFile(output, Buffer.alloc(0));
      const copy = copyShifted(input, output, 1000, 65_544, size);
      expect(await copy.done).toBe(size - 1000);
      const written = await readFile(output);
      expect(written.length).toBe(65_544 + body.length);
      expect(written.subarray(65_544).equals(body)).toBe(true);
    }
  });

  it('fails with the error code of the system call, from the worker too', async () => {
    const dir = await tempDir();
    const input = join(dir, 'big');
    const file = await open(input, 'w');
    await file.truncate(40 * 1024 * 1024);
    await file.close();
    await mkdir(join(dir, 'a-folder'));
    for (const size of [1024, 40 * 1024 * 1024]) {
      await expect(copyShifted(input, join(dir, 'a-folder'), 10, 20, size).done).rejects.toMatchObject({ code: 'EISDIR' });
    }
  });
});
