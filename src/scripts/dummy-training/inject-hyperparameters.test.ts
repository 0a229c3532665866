import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fileTree,
  gnuTarCreate,
  gnuTarExtract,
  overlay,
  pythonTarExtract,
  readTree,
  treeSnapshot,
  writeTree,
  type FileTree,
} from '../../../test/helpers/file-trees.js';
import { createArchive, filesFromDirectory, readArchiveMemberTrustingIndex } from '../../archive/index.js';
import { parseIndexedHeader } from '../../archive/gzip-index.js';
import { injectHyperparameters } from './inject-hyperparameters.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sagewire-dummy-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const single = (name: string, text: string): FileTree => ({ files: new Map([[name, Buffer.from(text)]]), dirs: new Set() });

async function modelArchive(dir: string, tree: FileTree): Promise<string> {
  await writeTree(join(dir, 'tree'), tree);
  await mkdir(join(dir, 'in'), { recursive: true });
  await gnuTarCreate(join(dir, 'in', 'model.tar.gz'), join(dir, 'tree'));
  return join(dir, 'in', 'model.tar.gz');
}

let run = 0;

describe('injectHyperparameters', () => {
  it('extracts, with GNU tar and Python tarfile, to the model tree plus the supplied hyperparameters.json', async () => {
    const scenario = fc.record({
      model: fileTree({ maxFiles: 6, emptyDirs: true }).map((t) => {
        t.dirs.delete('hyperparameters.json');
        for (const p of t.files.keys()) if (p.startsWith('hyperparameters.json/')) t.files.delete(p);
        return t;
      }),
      hyperparameters: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
      alreadyThere: fc.boolean(),
      rewrite: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const dir = join(root, `p${run++}`);
        const tree = s.alreadyThere ? overlay(s.model, single('hyperparameters.json', '{"old": true}')) : s.model;
        const model = await modelArchive(dir, tree);
        const text = JSON.stringify(s.hyperparameters, null, 2);
        await writeFile(join(dir, 'hp.json'), text);
        const logs: string[] = [];
        const summary = await injectHyperparameters({
          model,
          hyperparameters: join(dir, 'hp.json'),
          outDir: join(dir, 'out'),
          rewrite: s.rewrite,
          log: (l) => logs.push(l),
        });
        const expected = overlay(s.model, single('hyperparameters.json', text));
        await gnuTarExtract(summary.output, join(dir, 'gnu'));
        await pythonTarExtract(summary.output, join(dir, 'python'));
        expect(treeSnapshot(await readTree(join(dir, 'gnu')))).toEqual(treeSnapshot(expected));
        expect(treeSnapshot(await readTree(join(dir, 'python')))).toEqual(treeSnapshot(expected));
        expect(logs.some((l) => l.startsWith('replaced the hyperparameters.json'))).toBe(s.alreadyThere);
        await rm(dir, { recursive: true, force: true });
      }),
      { numRuns: 10 },
    );
  }, 240_000);

  it('keeps the archive’s own hyperparameters.json when none is supplied', async () => {
    const dir = join(root, 'own');
    const model = await modelArchive(dir, overlay(single('w.bin', 'weights'), single('hyperparameters.json', '{"lr": 0.1}')));
    const summary = await injectHyperparameters({ model, outDir: join(dir, 'out') });
    expect(summary.method).toBe('copy');
    await gnuTarExtract(summary.output, join(dir, 'x'));
    expect(treeSnapshot(await readTree(join(dir, 'x')))).toEqual(treeSnapshot(overlay(single('w.bin', 'weights'), single('hyperparameters.json', '{"lr": 0.1}'))));
  });

  it('a pretrained model carrying a sagewire index (forgeable: it has no key) is passed on with that index disowned', async () => {
    const dir = join(root, 'disown');
    const tree = overlay(single('w.bin', 'weights'), single('hyperparameters.json', '{"lr": 0.1}'));
    await writeTree(join(dir, 'tree'), tree);
    // Any archive sagewire wrote has an index; the user could have made it, or forged it.
    const foreign = join(dir, 'in', 'model.tar.gz');
    await mkdir(join(dir, 'in'), { recursive: true });
    await createArchive({ output: foreign, files: await filesFromDirectory(join(dir, 'tree')) });
    expect(typeof parseIndexedHeader(await readFile(foreign))).toBe('object');
    const summary = await injectHyperparameters({ model: foreign, outDir: join(dir, 'out') });
    expect(summary.method).toBe('copy');
    const copied = await readFile(summary.output);
    expect(parseIndexedHeader(copied)).toBe('no sagewire append index in the gzip header');
    // Only the two subfield id bytes differ; every reader reads the same tree.
    const original = await readFile(foreign);
    expect(copied.length).toBe(original.length);
    expect([...copied].flatMap((byte, i) => (byte === original[i] ? [] : [i]))).toEqual([13]);
    await gnuTarExtract(summary.output, join(dir, 'x'));
    await pythonTarExtract(summary.output, join(dir, 'py'));
    expect(treeSnapshot(await readTree(join(dir, 'x')))).toEqual(treeSnapshot(tree));
    expect(treeSnapshot(await readTree(join(dir, 'py')))).toEqual(treeSnapshot(tree));
  });

  it('records where the supplied hyperparameters.json sits, for Payload', async () => {
    const dir = join(root, 'record');
    const model = await modelArchive(dir, single('w.bin', 'weights'));
    await writeFile(join(dir, 'hp.json'), '{"lr": 0.2}');
    const summary = await injectHyperparameters({ model, hyperparameters: join(dir, 'hp.json'), outDir: join(dir, 'out') });
    const index = parseIndexedHeader(await readFile(summary.output));
    if (typeof index === 'string') throw new Error(index);
    expect(index.point).toBeDefined();
    const read = await readArchiveMemberTrustingIndex(summary.output, 'hyperparameters.json');
    expect(read).toMatchObject({ inputRead: 'tail' });
    expect(read.bytes?.toString()).toBe('{"lr": 0.2}');
  });

  it('says both when there is no supplied file and none in the archive', async () => {
    const dir = join(root, 'none');
    const model = await modelArchive(dir, single('w.bin', 'weights'));
    await expect(injectHyperparameters({ model, outDir: join(dir, 'out') })).rejects.toThrow(
      `no hyperparameters: none was supplied (hyperparameters_path) and ${model} has no hyperparameters.json at its root`,
    );
    expect(await readdir(join(dir, 'out')).catch(() => [])).toEqual([]);
  });

  it('names the file and the position of invalid JSON, and rejects a non-object', async () => {
    const dir = join(root, 'badjson');
    const model = await modelArchive(dir, single('w.bin', 'weights'));
    await writeFile(join(dir, 'hp.json'), '{\n  "lr": 0.1,\n}\n');
    await expect(injectHyperparameters({ model, hyperparameters: join(dir, 'hp.json'), outDir: join(dir, 'out') })).rejects.toThrow(
      `${join(dir, 'hp.json')}: not valid JSON at line 3, column 1 (offset 15): expected a property name in double quotes, found "}"`,
    );
    await writeFile(join(dir, 'hp.json'), '[1, 2]');
    await expect(injectHyperparameters({ model, hyperparameters: join(dir, 'hp.json'), outDir: join(dir, 'out') })).rejects.toThrow(
      'must be a JSON object, got an array',
    );
    expect(await readdir(join(dir, 'out')).catch(() => [])).toEqual([]);
  });

  it('accepts the one *.tar.gz of the folder when model.tar.gz is not there', async () => {
    const dir = join(root, 'renamed');
    await writeTree(join(dir, 'tree'), single('hyperparameters.json', '{}'));
    await mkdir(join(dir, 'in'));
    await gnuTarCreate(join(dir, 'in', 'pretrained-v3.tar.gz'), join(dir, 'tree'));
    const summary = await injectHyperparameters({ model: join(dir, 'in', 'model.tar.gz'), outDir: join(dir, 'out') });
    expect(summary.output).toBe(join(dir, 'out', 'model.tar.gz'));
  });
});
