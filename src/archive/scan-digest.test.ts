import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanArchive } from './index.js';
import { tempDir, writeTree } from './test-support/trees.js';

describe('scanArchive({ sha256: true })', () => {
  it('hashes the file in the validating pass: the digest of every byte, gzip or plain tar', async () => {
    const dir = await tempDir();
    // Over two of the reader's 4 MiB windows, so that the digest spans several reads.
    await writeTree(join(dir, 'm'), new Map([['w.bin', randomBytes(9 * 1024 * 1024)], ['a.txt', Buffer.from('a')]]));
    execFileSync('sh', ['-c', `tar -cf "${dir}/m.tar" -C "${dir}/m" . && gzip -1 -k "${dir}/m.tar"`]);
    for (const name of ['m.tar', 'm.tar.gz']) {
      const path = join(dir, name);
      const result = await scanArchive(path, { sha256: true });
      expect(result.sha256, name).toBe(createHash('sha256').update(await readFile(path)).digest('hex'));
      expect(result.entries.map((entry) => entry.name).sort()).toEqual(['a.txt', 'w.bin']);
    }
    expect((await scanArchive(join(dir, 'm.tar.gz'))).sha256).toBeUndefined();
  });
});
