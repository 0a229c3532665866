import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../errors.js';
import { HOSTILE_CASES, SETUID_CASE, writeHostileFixtures } from './hostile-fixtures.js';
import { injectIntoArchive, scanArchive } from './index.js';
import { tempDir } from './test-support/trees.js';
import { writeFile } from 'node:fs/promises';

describe('hostile archives', async () => {
  const dir = await tempDir();
  const fixtures = await writeHostileFixtures(join(dir, 'in'));

  it('has at least 25 cases', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(25);
  });

  for (const { path, hostile } of fixtures) {
    it(`refuses: ${hostile.name}`, async () => {
      const scanError = await scanArchive(path, { limits: hostile.limits }).catch((error: unknown) => error);
      expect(scanError).toBeInstanceOf(ArchiveError);
      expect((scanError as ArchiveError).message).toMatch(hostile.message);
      expect((scanError as ArchiveError).entry).toBe(hostile.entry);
      if (hostile.reason) expect((scanError as ArchiveError).reason).toBe(hostile.reason);

      const outDir = join(dir, `out-${path.split('/').pop()}`);
      const { mkdir } = await import('node:fs/promises');
      await mkdir(outDir);
      const injectError = await injectIntoArchive({
        input: path,
        output: join(outDir, 'model.tar.gz'),
        files: [{ name: 'hyperparameters.json', source: Buffer.from('{}') }],
        limits: hostile.limits,
      }).catch((error: unknown) => error);
      expect(injectError).toBeInstanceOf(ArchiveError);
      expect((injectError as ArchiveError).entry).toBe(hostile.entry);
      expect(await readdir(outDir)).toEqual([]);
    });
  }

  it('strips setuid, setgid, sticky and world-writable bits instead of refusing them', async () => {
    const path = join(dir, 'setuid.tar.gz');
    await writeFile(path, SETUID_CASE.build());
    const { entries } = await scanArchive(path);
    expect(entries).toEqual([expect.objectContaining({ name: SETUID_CASE.entry, mode: SETUID_CASE.mode })]);
    const output = join(dir, 'setuid-out.tar.gz');
    const result = await injectIntoArchive({ input: path, output, files: [{ name: 'x.txt', source: Buffer.from('x') }] });
    expect(result.method).toBe('rewrite');
    const after = await scanArchive(output);
    expect(after.entries.find((e) => e.name === 'run.sh')?.mode).toBe(0o775);
  });
});
