import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArchiveError, LocalRunError } from '../errors.js';
import { rawTar } from '../archive/hostile-fixtures.js';
import { extractTarball } from './tarball.js';

const source = (): Buffer =>
  zlib.gzipSync(
    rawTar([
      { name: 'pkg/', type: '5', mode: 0o755 },
      { name: 'pkg/train.py', body: Buffer.from('print("train")\n') },
      { name: 'big.bin', body: Buffer.alloc(3 * 1024 * 1024, 7) },
    ]),
  );

describe('extractTarball', () => {
  it('unpacks files and folders into the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sagewire-tarball-'));
    await writeFile(join(dir, 'src.tar.gz'), source());
    await mkdir(join(dir, 'ml'));
    await mkdir(join(dir, 'ml', 'code'));
    expect(await extractTarball(join(dir, 'src.tar.gz'), join(dir, 'ml', 'code'))).toBe(3);
    expect(await readFile(join(dir, 'ml', 'code', 'pkg', 'train.py'), 'utf8')).toBe('print("train")\n');
    expect((await readdir(join(dir, 'ml'))).sort()).toEqual(['code']);
  });

  it('leaves nothing behind when the gzip CRC at the very end is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sagewire-tarball-'));
    const bytes = source();
    bytes[bytes.length - 8] = (bytes[bytes.length - 8] as number) ^ 0xff;
    await writeFile(join(dir, 'src.tar.gz'), bytes);
    await mkdir(join(dir, 'ml'));
    const error = await extractTarball(join(dir, 'src.tar.gz'), join(dir, 'ml', 'code')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).message).toMatch(/CRC/);
    // Both files were written to the temp folder before the trailer was read; none remains.
    expect(await readdir(join(dir, 'ml'))).toEqual([]);
  });

  it('refuses to unpack over a folder that has files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sagewire-tarball-'));
    await writeFile(join(dir, 'src.tar.gz'), source());
    await mkdir(join(dir, 'code'));
    await writeFile(join(dir, 'code', 'keep.txt'), 'mine');
    const error = await extractTarball(join(dir, 'src.tar.gz'), join(dir, 'code')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalRunError);
    expect(await readdir(join(dir, 'code'))).toEqual(['keep.txt']);
    expect((await readdir(dir)).sort()).toEqual(['code', 'src.tar.gz']);
  });
});
