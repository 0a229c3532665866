import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIndexedHeader } from './gzip-index.js';
import { createArchive, filesFromDirectory, injectIntoArchive, scanArchive } from './index.js';
import { extractWithGnuTar, extractWithPython, tempDir, treeDigest, writeTree, type Tree } from './test-support/trees.js';

const MODEL: Tree = new Map([
  ['weights/model-00000.bin', randomBytes(300_000)],
  ['config.json', Buffer.from('{"hidden": 8}')],
  ['tokenizer/vocab.json', Buffer.from(JSON.stringify({ a: 1, b: 2 }).repeat(200))],
]);

async function sagewireArchive(tree: Tree = MODEL): Promise<string> {
  const dir = await tempDir();
  await writeTree(join(dir, 'model'), tree);
  const archive = join(dir, 'model.tar.gz');
  await createArchive({ output: archive, files: await filesFromDirectory(join(dir, 'model')) });
  return archive;
}

function files(tree: Tree): { name: string; source: Buffer }[] {
  return [...tree].map(([name, source]) => ({ name, source }));
}

/** GNU tar, `gzip -t`, Python's tarfile and our own scanner all read `archive` as `expected`. */
async function expectReadsAs(archive: string, expected: Tree): Promise<void> {
  execFileSync('gzip', ['-t', archive]);
  expect(treeDigest(await extractWithGnuTar(archive))).toEqual(treeDigest(expected));
  expect(treeDigest(await extractWithPython(archive))).toEqual(treeDigest(expected));
  await scanArchive(archive);
}

describe('append through the gzip header index', () => {
  it('reads only the tail of an archive sagewire wrote, again and again; every reader agrees', async () => {
    let input = await sagewireArchive();
    let expected: Tree = new Map(MODEL);
    const dir = await tempDir();
    for (const round of [1, 2, 3]) {
      const added: Tree = new Map([
        ['hyperparameters.json', Buffer.from(`{"round": ${round}}`)],
        [`code/inference-${round}.py`, randomBytes(5000 * round)],
      ]);
      const output = join(dir, `round-${round}.tar.gz`);
      const lines: string[] = [];
      const result = await injectIntoArchive({ trustIndex: true, input, output, files: files(added), log: (line) => lines.push(line) });
      expect(result).toMatchObject({ method: 'append', inputRead: 'tail', replaced: round === 1 ? [] : ['hyperparameters.json'] });
      expect(lines.filter((line) => line.startsWith('replacing'))).toHaveLength(round === 1 ? 0 : 1);
      expected = new Map([...expected, ...added]);
      await expectReadsAs(output, expected);
      // Unchanged compressed bytes are kept as they were: the old data up to the flush point.
      const before = await readFile(input);
      const after = await readFile(output);
      const index = parseIndexedHeader(before);
      if (typeof index === 'string') throw new Error(index);
      expect(after.subarray(index.headerLength, index.flushOffset).equals(before.subarray(index.headerLength, index.flushOffset))).toBe(true);
      input = output;
    }
    const entries = (await scanArchive(input)).entries.map((entry) => entry.name);
    expect(entries.filter((name) => name === 'hyperparameters.json')).toHaveLength(3);
  });

  it('a foreign archive (GNU tar + gzip) takes the full pass once; its output then appends from the tail', async () => {
    const dir = await tempDir();
    await writeTree(join(dir, 'model'), MODEL);
    const foreign = join(dir, 'model.tar.gz');
    execFileSync('sh', ['-c', `tar -cf - -C "${join(dir, 'model')}" . | gzip -6 > "${foreign}"`]);
    const trained = join(dir, 'trained.tar.gz');
    const first = await injectIntoArchive({ trustIndex: true, input: foreign, output: trained, files: [{ name: 'hyperparameters.json', source: Buffer.from('{}') }] });
    expect(first).toMatchObject({ method: 'append', inputRead: 'whole' });
    const packaged = join(dir, 'packaged.tar.gz');
    const second = await injectIntoArchive({ trustIndex: true, input: trained, output: packaged, files: [{ name: 'code/inference.py', source: Buffer.from('x = 1\n') }] });
    expect(second).toMatchObject({ method: 'append', inputRead: 'tail' });
    await expectReadsAs(packaged, new Map([...MODEL, ['hyperparameters.json', Buffer.from('{}')], ['code/inference.py', Buffer.from('x = 1\n')]]));
  });

  it('a full rewrite writes an index too', async () => {
    const dir = await tempDir();
    const rewritten = join(dir, 'rewritten.tar.gz');
    await injectIntoArchive({ trustIndex: true, input: await sagewireArchive(), output: rewritten, mode: 'rewrite', files: [{ name: 'a.txt', source: Buffer.from('a') }] });
    const result = await injectIntoArchive({ trustIndex: true, input: rewritten, output: join(dir, 'out.tar.gz'), files: [{ name: 'b.txt', source: Buffer.from('b') }] });
    expect(result.inputRead).toBe('tail');
    await expectReadsAs(join(dir, 'out.tar.gz'), new Map([...MODEL, ['a.txt', Buffer.from('a')], ['b.txt', Buffer.from('b')]]));
  });

  it('without trustIndex the index is not used: anyone can write one', async () => {
    const result = await injectIntoArchive({ input: await sagewireArchive(), output: join(await tempDir(), 'out.tar.gz'), files: [{ name: 'b.txt', source: Buffer.from('b') }] });
    expect(result).toMatchObject({ method: 'append', inputRead: 'whole' });
  });

  it('verify: true reads the whole archive although it has an index', async () => {
    const result = await injectIntoArchive({
      trustIndex: true,
      input: await sagewireArchive(),
      output: join(await tempDir(), 'out.tar.gz'),
      verify: true,
      files: [{ name: 'b.txt', source: Buffer.from('b') }],
    });
    expect(result.inputRead).toBe('whole');
  });
});

describe('any doubt about the index falls back to the full, verifying pass', () => {
  /** Byte offsets inside our header's index: see gzip-index.ts. */
  const DATA = 16;
  const tampers: { name: string; change: (bytes: Buffer) => Buffer; readable: boolean }[] = [
    { name: 'flush offset', change: (b) => flip(b, DATA + 2), readable: true },
    { name: 'CRC before the flush point', change: (b) => flip(b, DATA + 10), readable: true },
    { name: 'length before the flush point', change: (b) => flip(b, DATA + 15), readable: true },
    { name: 'file size', change: (b) => flip(b, DATA + 22), readable: true },
    { name: 'digest', change: (b) => flip(b, DATA + 35), readable: true },
    { name: 'name table', change: (b) => flip(b, DATA + 52), readable: true },
    { name: 'version', change: (b) => flip(b, DATA), readable: true },
    { name: 'subfield id', change: (b) => flip(b, 12), readable: true },
    { name: 'garbage appended', change: (b) => Buffer.concat([b, Buffer.from('garbage')]), readable: false },
    { name: 'zero padding appended', change: (b) => Buffer.concat([b, Buffer.alloc(512)]), readable: false },
    { name: 'compressed bytes just before the flush point', change: (b) => flipBeforeFlush(b), readable: false },
    { name: 'trailer CRC', change: (b) => flip(b, b.length - 6), readable: false },
  ];

  it('a file too short for a gzip header has no index: the full pass refuses it, with no word about an index', async () => {
    const input = join(await tempDir(), 'short.tar.gz');
    await writeFile(input, Buffer.from([0x1f, 0x8b, 8, 4]));
    const lines: string[] = [];
    const run = injectIntoArchive({ trustIndex: true, input, output: join(await tempDir(), 'out.tar.gz'), files: [{ name: 'h.json', source: Buffer.from('{}') }], log: (line) => lines.push(line) });
    await expect(run).rejects.toThrow();
    expect(lines).toEqual([]);
  });

  for (const tamper of tampers) {
    it(`${tamper.name} changed: ${tamper.readable ? 'the full pass appends, and says why' : 'the full pass refuses the damaged archive'}`, async () => {
      const input = await sagewireArchive();
      await writeFile(input, tamper.change(await readFile(input)));
      const output = join(await tempDir(), 'out.tar.gz');
      const lines: string[] = [];
      const run = injectIntoArchive({ trustIndex: true, input, output, files: [{ name: 'h.json', source: Buffer.from('{}') }], log: (line) => lines.push(line) });
      if (!tamper.readable) {
        await expect(run).rejects.toThrow();
        return;
      }
      const result = await run;
      expect(result.inputRead).toBe('whole');
      if (tamper.name !== 'subfield id') expect(lines.join('\n')).toMatch(/append index cannot be used/);
      await expectReadsAs(output, new Map([...MODEL, ['h.json', Buffer.from('{}')]]));
    });
  }

  it('injected names the table says need checks take the full pass (which gives the same answers as without an index)', async () => {
    const dir = await tempDir();
    await writeTree(join(dir, 'model'), MODEL);
    await symlink('config.json', join(dir, 'model', 'alias.json'));
    const input = join(dir, 'model.tar.gz');
    await createArchive({ output: input, files: await filesFromDirectory(join(dir, 'model')) });
    // filesFromDirectory follows in-tree symlinks: make a real symlink member with a rewrite of a GNU tar.
    const gnu = join(dir, 'gnu.tar.gz');
    execFileSync('sh', ['-c', `tar -cf - -C "${join(dir, 'model')}" . | gzip > "${gnu}"`]);
    const withLink = join(dir, 'with-link.tar.gz');
    await injectIntoArchive({ trustIndex: true, input: gnu, output: withLink, files: [{ name: 'x', source: Buffer.from('x') }] });
    const replaceLink = await injectIntoArchive({ trustIndex: true, input: withLink, output: join(dir, 'o1.tar.gz'), files: [{ name: 'alias.json', source: Buffer.from('{}') }] });
    expect(replaceLink).toMatchObject({ method: 'rewrite', inputRead: 'whole' });
    await expect(injectIntoArchive({ trustIndex: true, input, output: join(dir, 'o2.tar.gz'), files: [{ name: 'tokenizer', source: Buffer.from('') }] })).rejects.toThrow(
      /is a directory in the archive/,
    );
    await expect(injectIntoArchive({ trustIndex: true, input, output: join(dir, 'o3.tar.gz'), files: [{ name: 'config.json/x', source: Buffer.from('') }] })).rejects.toThrow(
      /parent 'config.json' is a file/,
    );
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const out = Buffer.from(bytes);
  out[at] = (out[at] as number) ^ 0x01;
  return out;
}

function flipBeforeFlush(bytes: Buffer): Buffer {
  const index = parseIndexedHeader(bytes);
  if (typeof index === 'string') throw new Error(index);
  return flip(bytes, index.flushOffset - 10);
}
