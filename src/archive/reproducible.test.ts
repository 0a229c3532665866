/**
 * The same inputs give the same bytes: members sagewire adds carry a fixed mtime
 * (SOURCE_DATE_EPOCH, else 1970-01-01), owner 0/0 with no user or group name, whatever the
 * source files' own times; the gzip header carries no mtime.
 */
import { execFileSync } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveError } from '../errors.js';
import { createArchive, filesFromDirectory, injectIntoArchive } from './index.js';
import { memberTime } from './member-time.js';
import { tempDir, writeTree } from './test-support/trees.js';

const tree = new Map([
  ['code/inference.py', Buffer.from('def model_fn(d):\n    return d\n')],
  ['code/requirements.txt', Buffer.from('')],
  ['weights.bin', Buffer.alloc(200_000, 7)],
]);

async function touchAll(dir: string, when: Date): Promise<void> {
  for (const name of tree.keys()) await utimes(join(dir, name), when, when);
}

/** `tar --full-time -tvzf` lines (mode, owner, size, date, name), numeric owners. */
function listing(archive: string): string[] {
  return execFileSync('tar', ['--full-time', '--numeric-owner', '-tvzf', archive], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } }).trim().split('\n');
}

const savedEpoch = process.env.SOURCE_DATE_EPOCH;
afterEach(() => {
  if (savedEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = savedEpoch;
});

describe('reproducible archives', () => {
  it('create: the same files with other mtimes give byte-identical archives, stamped 1970-01-01 and owned 0/0', async () => {
    delete process.env.SOURCE_DATE_EPOCH;
    const dir = await tempDir();
    await writeTree(join(dir, 'src'), tree);
    await touchAll(join(dir, 'src'), new Date('2021-05-06T07:08:09Z'));
    await createArchive({ output: join(dir, 'a.tar.gz'), files: await filesFromDirectory(join(dir, 'src')) });
    await touchAll(join(dir, 'src'), new Date('2025-11-12T13:14:15Z'));
    await createArchive({ output: join(dir, 'b.tar.gz'), files: await filesFromDirectory(join(dir, 'src')) });
    const a = await readFile(join(dir, 'a.tar.gz'));
    expect((await readFile(join(dir, 'b.tar.gz'))).equals(a)).toBe(true);
    // gzip header MTIME (bytes 4-7) is 0.
    expect(a.readUInt32LE(4)).toBe(0);
    for (const line of listing(join(dir, 'a.tar.gz'))) expect(line).toMatch(/^\S+ 0\/0 +\d+ 1970-01-01 00:00:00 /);
  });

  it('inject (append and rewrite): byte-identical for the same inputs, bytes sources included', async () => {
    delete process.env.SOURCE_DATE_EPOCH;
    const dir = await tempDir();
    await writeTree(join(dir, 'model'), new Map([['weights.bin', Buffer.alloc(300_000, 3)]]));
    execFileSync('sh', ['-c', `tar -cf - -C "${join(dir, 'model')}" . | gzip -6 > "${join(dir, 'model.tar.gz')}"`]);
    await writeTree(join(dir, 'code'), tree);
    for (const mode of ['append', 'rewrite'] as const) {
      const outputs: Buffer[] = [];
      for (const when of [new Date('2020-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z')]) {
        await touchAll(join(dir, 'code'), when);
        const output = join(dir, `${mode}-${when.getTime()}.tar.gz`);
        const files = [...(await filesFromDirectory(join(dir, 'code'), 'extra')), { name: 'hyperparameters.json', source: Buffer.from('{}') }];
        await injectIntoArchive({ input: join(dir, 'model.tar.gz'), output, files, mode });
        outputs.push(await readFile(output));
        // A second apart, so a "now" timestamp would show.
        if (outputs.length === 1) await new Promise((done) => setTimeout(done, 1100));
      }
      expect(outputs[1]!.equals(outputs[0]!), mode).toBe(true);
      const added = listing(join(dir, `${mode}-${new Date('2020-01-01T00:00:00Z').getTime()}.tar.gz`)).filter((l) => /extra|hyperparameters/.test(l));
      expect(added.length).toBeGreaterThan(3);
      for (const line of added) expect(line).toMatch(/ 0\/0 +\d+ 1970-01-01 00:00:00 /);
    }
  }, 20_000);

  it('honours SOURCE_DATE_EPOCH for added members', async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    const dir = await tempDir();
    await writeFile(join(dir, 'a.txt'), 'a');
    await createArchive({ output: join(dir, 'a.tar.gz'), files: [{ name: 'x/a.txt', source: join(dir, 'a.txt') }] });
    const lines = listing(join(dir, 'a.tar.gz'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain(' 2023-11-14 22:13:20 ');
  });

  it('refuses a malformed SOURCE_DATE_EPOCH with a message naming it', () => {
    for (const bad of ['yesterday', '-1', '1.5', '99999999999999']) {
      expect(() => memberTime({ SOURCE_DATE_EPOCH: bad })).toThrow(ArchiveError);
      expect(() => memberTime({ SOURCE_DATE_EPOCH: bad })).toThrow(/SOURCE_DATE_EPOCH/);
    }
    expect(memberTime({}).getTime()).toBe(0);
    expect(memberTime({ SOURCE_DATE_EPOCH: '0' }).getTime()).toBe(0);
  });
});
