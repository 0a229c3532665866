import fc from 'fast-check';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fileTree,
  gnuTarCreate,
  gnuTarExtract,
  gnuTarList,
  overlay,
  pythonTarExtract,
  readTree,
  treeSnapshot,
  writeTree,
  type FileTree,
} from '../../../test/helpers/file-trees.js';
import { packageModel } from './package-model.js';

/** `tar --full-time -tvzf` lines: mode, owner, size, mtime and name of every member. */
function gnuTarVerbose(archive: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    execFile('tar', ['--full-time', '--numeric-owner', '-tvzf', archive], { env: { ...process.env, TZ: 'UTC' } }, (err, stdout) =>
      err ? reject(err) : resolve(stdout.split('\n').filter(Boolean)),
    ),
  );
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sagewire-package-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The scripts tree sometimes reuses a name the model already has under code/. */
const scenario = fc
  .record({
    model: fileTree({ maxFiles: 6, emptyDirs: true }),
    scripts: fileTree({ maxFiles: 4, minFiles: 1 }),
    calibration: fc.option(fileTree({ maxFiles: 2 }), { nil: undefined }),
    modelAsFolder: fc.boolean(),
    rewrite: fc.boolean(),
    clash: fc.boolean(),
  })
  .map((s) => {
    s.model = withoutConflicts(s.model, [
      ...[...s.scripts.files.keys()].map((p) => `code/${p}`),
      ...[...(s.calibration?.files.keys() ?? [])].map((p) => `calibration/${p}`),
    ]);
    if (s.clash) {
      const [name] = s.scripts.files.keys();
      s.model = overlay(s.model, { files: new Map([[`code/${name}`, Buffer.from('old version')]]), dirs: new Set() });
    }
    return s;
  });

/** Drops model paths that would make a file and a folder of the same name with the injected ones. */
function withoutConflicts(tree: FileTree, injected: string[]): FileTree {
  const conflicts = (p: string) => injected.some((q) => q.startsWith(`${p}/`) || p.startsWith(`${q}/`) || (tree.dirs.has(p) && q === p));
  return {
    files: new Map([...tree.files].filter(([p]) => !conflicts(p))),
    dirs: new Set([...tree.dirs].filter((d) => !conflicts(d))),
  };
}

let run = 0;

describe('packageModel', () => {
  it('extracts, with GNU tar and with Python tarfile, to the model tree plus code/ and calibration/', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const dir = join(root, `p${run++}`);
        await writeTree(join(dir, 'model-tree'), s.model);
        await writeTree(join(dir, 'scripts'), s.scripts);
        if (s.calibration) await writeTree(join(dir, 'calibration'), s.calibration);
        let model = join(dir, 'model-tree');
        if (!s.modelAsFolder) {
          await mkdir(join(dir, 'model'));
          model = join(dir, 'model', 'model.tar.gz');
          await gnuTarCreate(model, join(dir, 'model-tree'));
        }
        const summary = await packageModel({
          model,
          scripts: join(dir, 'scripts'),
          calibration: s.calibration ? join(dir, 'calibration') : undefined,
          outDir: join(dir, 'out'),
          rewrite: s.rewrite,
        });
        // A folder model is packed from its files: empty folders are not listed (filesFromDirectory).
        const modelTree = s.modelAsFolder ? { files: s.model.files, dirs: new Set<string>() } : s.model;
        let expected: FileTree = overlay(modelTree, s.scripts, 'code/');
        if (s.calibration) expected = overlay(expected, s.calibration, 'calibration/');

        await gnuTarExtract(summary.output, join(dir, 'gnu'));
        await pythonTarExtract(summary.output, join(dir, 'python'));
        expect(treeSnapshot(await readTree(join(dir, 'gnu')))).toEqual(treeSnapshot(expected));
        expect(treeSnapshot(await readTree(join(dir, 'python')))).toEqual(treeSnapshot(expected));
        expect(summary.replaced.length > 0).toBe(s.clash);
        expect(await readdir(join(dir, 'out'))).toEqual(['model.tar.gz']);
        await rm(dir, { recursive: true, force: true });
      }),
      { numRuns: 10 },
    );
    // Ten GNU tar and CPython extractions: seconds on a quiet machine, over 60 s at load 30+.
  }, 240_000);

  it('keeps the model archive entries first and appends code/ after them', async () => {
    const dir = join(root, 'order');
    await writeTree(join(dir, 'tree'), { files: new Map([['weights.bin', Buffer.alloc(3000, 1)]]), dirs: new Set() });
    await writeTree(join(dir, 'scripts'), { files: new Map([['inference.py', Buffer.from('print(1)\n')]]), dirs: new Set() });
    await gnuTarCreate(join(dir, 'model.tar.gz'), join(dir, 'tree'));
    const summary = await packageModel({ model: join(dir, 'model.tar.gz'), scripts: join(dir, 'scripts'), outDir: join(dir, 'out') });
    expect(summary.method).toBe('append');
    const names = await gnuTarList(summary.output);
    expect(names.indexOf('./weights.bin')).toBeLessThan(names.findIndex((n) => n.endsWith('inference.py')));
    expect(summary.injected).toEqual(['code/inference.py']);
  });

  it.each([false, true])('keeps the mode, owner and mtime of every model entry (rewrite: %s)', async (rewrite) => {
    const dir = join(root, `meta-${rewrite}`);
    await writeTree(join(dir, 'tree'), { files: new Map([['bin/run.sh', Buffer.from('#!/bin/sh\n')], ['secret.key', Buffer.from('k')]]), dirs: new Set(['empty']) });
    await chmod(join(dir, 'tree', 'bin', 'run.sh'), 0o755);
    await chmod(join(dir, 'tree', 'secret.key'), 0o600);
    await utimes(join(dir, 'tree', 'secret.key'), new Date('2020-02-03T04:05:06Z'), new Date('2020-02-03T04:05:06Z'));
    await writeTree(join(dir, 'scripts'), { files: new Map([['inference.py', Buffer.from('x')]]), dirs: new Set() });
    await gnuTarCreate(join(dir, 'model.tar.gz'), join(dir, 'tree'));
    const summary = await packageModel({ model: join(dir, 'model.tar.gz'), scripts: join(dir, 'scripts'), outDir: join(dir, 'out'), rewrite });
    expect(summary.method).toBe(rewrite ? 'rewrite' : 'append');
    const before = await gnuTarVerbose(join(dir, 'model.tar.gz'));
    const after = await gnuTarVerbose(summary.output);
    for (const line of before.filter((l) => !l.endsWith(' ./'))) expect(after).toContain(line);
    expect(before.find((l) => l.endsWith('secret.key'))).toMatch(/^-rw------- .* 2020-02-03 04:05:06/);
  });

  it('refuses a missing scripts folder and a corrupt model, writing nothing', async () => {
    const dir = join(root, 'bad');
    await mkdir(join(dir, 'scripts'), { recursive: true });
    await writeFile(join(dir, 'scripts', 'inference.py'), 'x');
    await writeFile(join(dir, 'model.tar.gz'), Buffer.from('not a gzip file at all'));
    await expect(packageModel({ model: join(dir, 'model.tar.gz'), scripts: join(dir, 'nope'), outDir: join(dir, 'out') })).rejects.toThrow(
      `inference scripts folder ${join(dir, 'nope')} does not exist`,
    );
    await expect(packageModel({ model: join(dir, 'model.tar.gz'), scripts: join(dir, 'scripts'), outDir: join(dir, 'out') })).rejects.toMatchObject({
      code: 'ARCHIVE',
    });
    expect(await readdir(join(dir, 'out')).catch(() => [])).toEqual([]);
  });

  it('refuses a scripts folder with a symlink leaving it, naming the entry', async () => {
    const dir = join(root, 'symlink');
    await writeTree(join(dir, 'scripts'), { files: new Map([['inference.py', Buffer.from('x')]]), dirs: new Set() });
    await symlink('/etc/passwd', join(dir, 'scripts', 'passwd'));
    await writeTree(join(dir, 'model'), { files: new Map([['w.bin', Buffer.from('w')]]), dirs: new Set() });
    await expect(packageModel({ model: join(dir, 'model'), scripts: join(dir, 'scripts'), outDir: join(dir, 'out') })).rejects.toMatchObject({
      code: 'ARCHIVE',
      entry: 'code/passwd',
    });
    expect(await readdir(join(dir, 'out')).catch(() => [])).toEqual([]);
  });

  it('refuses to overwrite its own input', async () => {
    const dir = join(root, 'self');
    await writeTree(join(dir, 'tree'), { files: new Map([['w', Buffer.from('w')]]), dirs: new Set() });
    await writeTree(join(dir, 'scripts'), { files: new Map([['i.py', Buffer.from('i')]]), dirs: new Set() });
    await gnuTarCreate(join(dir, 'model.tar.gz'), join(dir, 'tree'));
    await expect(packageModel({ model: dir, scripts: join(dir, 'scripts'), outDir: dir })).rejects.toThrow(/is the input .*inputs are never modified/);
    await expect(packageModel({ model: join(dir, 'tree'), scripts: join(dir, 'scripts'), outDir: join(dir, 'tree', 'out') })).rejects.toThrow(
      `is inside the input folder ${join(dir, 'tree')}`,
    );
    await expect(packageModel({ model: join(dir, 'model.tar.gz'), scripts: join(dir, 'scripts'), outDir: join(dir, 'scripts') })).rejects.toThrow(
      'is inside the input folder',
    );
    expect(await readdir(join(dir, 'tree'))).toEqual(['w']);
  });
});
