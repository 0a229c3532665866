import { execFileSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createArchive, filesFromDirectory, injectIntoArchive, readArchiveMember, scanArchive } from './index.js';
import { extractWithGnuTar, extractWithPython, tempDir, treeDigest, writeTree, type Tree } from './test-support/trees.js';

const SEGMENTS = ['a', 'b', 'conf', 'x.json', 'w.bin'];

/** Random small trees whose paths never put a file where another path needs a folder. */
const treeArbitrary = fc
  .array(fc.tuple(fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }), fc.uint8Array({ maxLength: 3000 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((pairs) => {
    const tree: Tree = new Map();
    for (const [parts, bytes] of pairs) {
      const name = parts.join('/');
      const clash = [...tree.keys()].some((other) => other.startsWith(`${name}/`) || name.startsWith(`${other}/`));
      if (!clash) tree.set(name, Buffer.from(bytes));
    }
    return tree;
  });

async function gnuTarGz(tree: Tree, level: string): Promise<string> {
  const dir = await tempDir();
  await writeTree(join(dir, 'model'), tree);
  const archive = join(dir, 'model.tar.gz');
  execFileSync('sh', ['-c', `tar -cf - -C "${join(dir, 'model')}" . | gzip ${level} > "${archive}"`]);
  return archive;
}

describe('inject: GNU tar and Python read back exactly the input tree plus the injected files', () => {
  for (const mode of ['append', 'rewrite'] as const) {
    it(`${mode}: random trees, random injected files (some replacing existing ones)`, async () => {
      await fc.assert(
        fc.asyncProperty(treeArbitrary, fc.uint8Array({ maxLength: 2000 }), fc.boolean(), fc.constantFrom('-1', '-6', '-9'), async (tree, extra, replace, level) => {
          const archive = await gnuTarGz(tree, level);
          const injected: Tree = new Map([['hyperparameters.json', Buffer.from(JSON.stringify({ n: extra.length }))], ['code/inference.py', Buffer.from(extra)]]);
          const existing = [...tree.keys()][0] as string;
          if (replace && !existing.startsWith('code/') && existing !== 'code') injected.set(existing, Buffer.from('replaced'));
          const output = join(await tempDir(), 'out.tar.gz');
          const result = await injectIntoArchive({
            input: archive,
            output,
            mode,
            files: [...injected].map(([name, source]) => ({ name, source })),
          });
          expect(result.method).toBe(mode);
          const expected = treeDigest(new Map([...tree, ...injected]));
          expect(treeDigest(await extractWithGnuTar(output))).toEqual(expected);
          expect(treeDigest(await extractWithPython(output))).toEqual(expected);
          expect(await readArchiveMember(output, './hyperparameters.json')).toEqual(injected.get('hyperparameters.json'));
        }),
        { numRuns: 4 },
      );
    }, 240_000); // GNU tar and CPython extract every case: past 60 s at load 20+
  }

  it('appends again to its own output, and the shadowed member resolves to the newest bytes', async () => {
    const archive = await gnuTarGz(new Map([['w.bin', Buffer.alloc(70_000, 3)], ['hyperparameters.json', Buffer.from('{"v":0}')]]), '-6');
    const dir = await tempDir();
    let input = archive;
    for (const version of [1, 2]) {
      const output = join(dir, `v${version}.tar.gz`);
      const result = await injectIntoArchive({ input, output, mode: 'append', files: [{ name: 'hyperparameters.json', source: Buffer.from(`{"v":${version}}`) }] });
      expect(result.replaced).toEqual(['hyperparameters.json']);
      input = output;
    }
    expect(String((await extractWithGnuTar(input)).get('hyperparameters.json'))).toBe('{"v":2}');
    expect(String((await extractWithPython(input)).get('hyperparameters.json'))).toBe('{"v":2}');
    expect(String(await readArchiveMember(input, 'hyperparameters.json'))).toBe('{"v":2}');
  });

  it('auto mode rewrites a plain .tar input into a .tar.gz, and says why', async () => {
    const dir = await tempDir();
    await writeTree(join(dir, 'm'), new Map([['a.txt', Buffer.from('a')]]));
    const input = join(dir, 'model.tar');
    execFileSync('tar', ['-cf', input, '-C', join(dir, 'm'), '.']);
    const lines: string[] = [];
    const result = await injectIntoArchive({ input, output: join(dir, 'out.tar.gz'), files: [{ name: 'b.txt', source: Buffer.from('b') }], log: (line) => lines.push(line) });
    expect(result.method).toBe('rewrite');
    expect(lines.join('\n')).toMatch(/plain tar/);
    expect(treeDigest(await extractWithPython(result.output))).toEqual(treeDigest(new Map([['a.txt', Buffer.from('a')], ['b.txt', Buffer.from('b')]])));
  });

  it('refuses to replace a folder with a file, leaving nothing behind', async () => {
    const archive = await gnuTarGz(new Map([['code/x.py', Buffer.from('x')]]), '-6');
    const dir = await tempDir();
    await expect(injectIntoArchive({ input: archive, output: join(dir, 'o.tar.gz'), files: [{ name: 'code', source: Buffer.from('') }] })).rejects.toThrow(
      /code: is a directory/,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('createArchive and filesFromDirectory', () => {
  it('packs a folder under a prefix; GNU tar, Python and the scanner agree', async () => {
    const dir = await tempDir();
    const tree: Tree = new Map([['inference.py', Buffer.from('print(1)')], ['lib/util.py', Buffer.from('# util')], ['big.bin', Buffer.alloc(3 * 1024 * 1024 + 17, 9)]]);
    await writeTree(join(dir, 'src'), tree);
    const files = await filesFromDirectory(join(dir, 'src'), 'code/');
    expect(files.map((f) => f.name)).toEqual(['code/big.bin', 'code/inference.py', 'code/lib/util.py']);
    const output = join(dir, 'out', 'payload.tar.gz');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'out')));
    const result = await createArchive({ output, files });
    expect(result).toMatchObject({ method: 'create', entries: 5 });
    const expected = treeDigest(new Map([...tree].map(([name, bytes]) => [`code/${name}`, bytes])));
    expect(treeDigest(await extractWithGnuTar(output))).toEqual(expected);
    expect(treeDigest(await extractWithPython(output))).toEqual(expected);
    const { entries } = await scanArchive(output);
    expect(entries.map((e) => `${e.type}:${e.name}`)).toEqual(['directory:code', 'directory:code/lib', 'file:code/big.bin', 'file:code/inference.py', 'file:code/lib/util.py']);
    expect(await readdir(join(dir, 'out'))).toEqual(['payload.tar.gz']);
  });

  it('refuses a symlink that leaves the folder', async () => {
    const dir = await tempDir();
    await writeTree(join(dir, 'src'), new Map([['ok.py', Buffer.from('')]]));
    const { symlink } = await import('node:fs/promises');
    await symlink('/etc/hostname', join(dir, 'src', 'escape'));
    await expect(filesFromDirectory(join(dir, 'src'), 'code')).rejects.toThrow(/code\/escape: symlink .* leaves the folder/);
  });

  it('scanArchive hands file bodies to onEntry', async () => {
    const dir = await tempDir();
    const output = join(dir, 'a.tar.gz');
    await createArchive({ output, files: [{ name: 'a.txt', source: Buffer.from('hello') }, { name: 'b.txt', source: Buffer.from('skipped') }] });
    const seen: string[] = [];
    await scanArchive(output, {
      onEntry: async (entry, body) => {
        if (entry.name !== 'a.txt' || !body) return;
        const chunks: Buffer[] = [];
        for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
        seen.push(Buffer.concat(chunks).toString());
      },
    });
    expect(seen).toEqual(['hello']);
    await writeFile(join(dir, 'x'), '');
  });
});

describe('concatenated gzip members', () => {
  it('reads a tar stream split over two gzip members, and appends to it', async () => {
    const { gzipSync } = await import('node:zlib');
    const { rawTar } = await import('./hostile-fixtures.js');
    const tar = rawTar([
      { name: 'a.bin', body: Buffer.alloc(5000, 1) },
      { name: 'b.txt', body: Buffer.from('bee') },
    ]);
    const dir = await tempDir();
    const input = join(dir, 'multi.tar.gz');
    await writeFile(input, Buffer.concat([gzipSync(tar.subarray(0, 3000)), gzipSync(tar.subarray(3000))]));
    const { entries } = await scanArchive(input);
    expect(entries.map((e) => e.name)).toEqual(['a.bin', 'b.txt']);
    const output = join(dir, 'out.tar.gz');
    const result = await injectIntoArchive({ input, output, files: [{ name: 'b.txt', source: Buffer.from('new bee') }] });
    expect(result.method).toBe('append');
    const expected = treeDigest(new Map([['a.bin', Buffer.alloc(5000, 1)], ['b.txt', Buffer.from('new bee')]]));
    expect(treeDigest(await extractWithGnuTar(output))).toEqual(expected);
    expect(treeDigest(await extractWithPython(output))).toEqual(expected);
  });
});

describe('concatenated gzip members whose last member holds only end-of-archive zeros', () => {
  it('falls back to a rewrite', async () => {
    const { gzipSync } = await import('node:zlib');
    const { rawTar } = await import('./hostile-fixtures.js');
    const tar = rawTar([{ name: 'a.txt', body: Buffer.from('a') }]);
    const dir = await tempDir();
    const input = join(dir, 'multi.tar.gz');
    await writeFile(input, Buffer.concat([gzipSync(tar.subarray(0, 1536)), gzipSync(tar.subarray(1536))]));
    const result = await injectIntoArchive({ input, output: join(dir, 'out.tar.gz'), files: [{ name: 'b.txt', source: Buffer.from('b') }] });
    expect(result.method).toBe('rewrite');
    expect(treeDigest(await extractWithPython(result.output))).toEqual(treeDigest(new Map([['a.txt', Buffer.from('a')], ['b.txt', Buffer.from('b')]])));
  });
});

describe('pax headers', () => {
  it('reads long names and pax records (Python pax format), and keeps a global header when its member is replaced', async () => {
    const dir = await tempDir();
    const input = join(dir, 'pax.tar.gz');
    const long = `${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
    const script = [
      'import sys, tarfile, io',
      "t = tarfile.open(sys.argv[1], 'w:gz', format=tarfile.PAX_FORMAT, pax_headers={'comment': 'global'})",
      "for name, data in [('first.txt', b'one'), (sys.argv[2], b'long'), ('last.txt', b'three')]:",
      '    info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))',
      't.close()',
    ].join('\n');
    execFileSync('python3', ['-c', script, input, long]);
    expect((await scanArchive(input)).entries.map((e) => e.name)).toEqual(['first.txt', long, 'last.txt']);
    for (const mode of ['append', 'rewrite'] as const) {
      const output = join(dir, `${mode}.tar.gz`);
      await injectIntoArchive({ input, output, mode, files: [{ name: 'first.txt', source: Buffer.from('new') }] });
      const expected = treeDigest(new Map([['first.txt', Buffer.from('new')], [long, Buffer.from('long')], ['last.txt', Buffer.from('three')]]));
      expect(treeDigest(await extractWithGnuTar(output))).toEqual(expected);
      expect(treeDigest(await extractWithPython(output))).toEqual(expected);
      const listing = execFileSync('python3', ['-c', 'import sys, tarfile; print(tarfile.open(sys.argv[1]).pax_headers)', output]).toString();
      expect(listing).toContain("'comment': 'global'");
    }
  }, 240_000);
});
