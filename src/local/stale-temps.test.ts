import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempPathFor } from '../fs/atomic-write.js';
import { FolderStore } from '../store/index.js';
import { runPipeline } from './runner.js';
import { removeStaleTemps, tempWriterPid } from './stale-temps.js';

/** A pid that no process has (pid_max is at most 2^22). */
const DEAD = 2 ** 22 + 17;

describe('stale temp files of killed runs', () => {
  it('reads the writer pid from our temp names only', () => {
    expect(tempWriterPid(`.model.tar.gz.${DEAD}.0a1b2c3d.sagewire-tmp`)).toBe(DEAD);
    expect(tempWriterPid('model.tar.gz')).toBeUndefined();
    expect(tempPathFor('/x/y.bin')).toMatch(new RegExp(`/x/\\.y\\.bin\\.${process.pid}\\.[0-9a-f]+\\.sagewire-tmp$`));
  });

  it('the next run removes partial files whose writer is gone and keeps live ones and real objects', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sagewire-stale-'));
    try {
      const store = new FolderStore(join(dir, 'store'));
      await store.putBytes('s3://bkt/data/keep.bin', 'object');
      const folder = join(dir, 'store', 'bkt', 'data');
      const dead = join(folder, `.big.bin.${DEAD}.deadbeef.sagewire-tmp`);
      const live = join(folder, `.big.bin.${process.pid}.cafebabe.sagewire-tmp`);
      const oldRun = join(dir, 'state', 'runs', 'aaaaaaaaaaaa', 'Train', 'model-artifacts');
      await mkdir(oldRun, { recursive: true });
      const deadRun = join(oldRun, `.model.tar.gz.${DEAD}.00000000.sagewire-tmp`);
      for (const f of [dead, live, deadRun]) await writeFile(f, Buffer.alloc(1024));
      await runPipeline({ Version: '2020-12-01', Steps: [] }, { store, stateDir: join(dir, 'state') });
      expect((await readdir(folder)).sort()).toEqual([`.big.bin.${process.pid}.cafebabe.sagewire-tmp`, 'keep.bin']);
      expect(await readdir(oldRun)).toEqual([]);
      expect(await removeStaleTemps([folder])).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
