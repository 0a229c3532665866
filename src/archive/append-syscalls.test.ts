import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseIndexedHeader } from './gzip-index.js';
import { createArchive, filesFromDirectory } from './index.js';
import { tempDir, writeTree } from './test-support/trees.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'test-support', 'inject-child.ts');
const TRACED = 'read,pread64,readv,preadv,preadv2,copy_file_range,sendfile,splice,ioctl,fsync,fdatasync';

/** What a traced run did to the files whose paths contain a given part. */
interface Calls {
  stdout: string;
  /** Bytes returned by read-like calls on descriptors of such files. */
  bytesRead(part: string): number;
  /** Bytes copied in the kernel (copy_file_range, sendfile, splice) into such a file. */
  kernelCopiedInto(part: string): number;
  /** Successful FICLONE ioctls (a reflink shares the blocks: nothing to copy). */
  reflinks: number;
  /** fsync and fdatasync calls on such files. */
  syncs(part: string): number;
}

/**
 * Runs the injection child under strace and sums its calls: -y names each descriptor's file,
 * -ff writes one log per thread (in a shared log, a call another thread interrupts is split in
 * two lines, the result apart from the descriptors).
 */
async function traced(args: string[], dir: string): Promise<Calls> {
  if (spawnSync('strace', ['-V']).status !== 0) throw new Error('strace is needed to watch the append\'s system calls: apt-get install strace');
  const logs = join(dir, 'strace');
  await mkdir(logs);
  const stdout = execFileSync('strace', ['-ff', '-y', '-s', '0', '-o', join(logs, 'log'), '-e', `trace=${TRACED}`, process.execPath, '--import', 'tsx', CHILD, ...args], {
    encoding: 'utf8',
  });
  const lines: string[] = [];
  for (const name of await readdir(logs)) lines.push(...(await readFile(join(logs, name), 'utf8')).split('\n'));
  const returned = (line: string): number => Math.max(0, Number(/\)\s+=\s+(-?\d+)/.exec(line)?.[1] ?? 0));
  const files = (line: string): string[] => [...line.matchAll(/\d+<([^>]*)>/g)].map((match) => match[1] as string);
  const sum = (picked: string[]): number => picked.reduce((total, line) => total + returned(line), 0);
  return {
    stdout,
    bytesRead: (part) => sum(lines.filter((line) => /\b(read|pread64|readv|preadv2?)\(/.test(line) && files(line)[0]?.includes(part))),
    kernelCopiedInto: (part) =>
      sum(lines.filter((line) => /\b(copy_file_range|sendfile|splice)\(/.test(line) && files(line)[1]?.includes(part))),
    reflinks: lines.filter((line) => /\bioctl\(/.test(line) && /FICLONE/.test(line) && returned(line) === 0 && !/= -1/.test(line)).length,
    syncs: (part) => lines.filter((line) => /\bf(data)?sync\(/.test(line) && files(line)[0]?.includes(part)).length,
  };
}

describe('append from the tail, as the kernel sees it', () => {
  it('copies the unchanged bytes in the kernel, reads only the header and the tail, and syncs once', async () => {
    const dir = await tempDir();
    // Barely compressible, so that the archive is over 12 MiB: a copy through user space would read all of it.
    await writeTree(join(dir, 'model'), new Map([['weights.bin', randomBytes(12 * 1024 * 1024)], ['config.json', Buffer.from('{}')]]));
    const input = join(dir, 'model.tar.gz');
    await createArchive({ output: input, files: await filesFromDirectory(join(dir, 'model')) });
    await writeFile(join(dir, 'hp.json'), '{"epochs": 3}');
    expect((await stat(input)).size).toBeGreaterThan(12 * 1024 * 1024);
    const index = parseIndexedHeader(await readFile(input));
    if (typeof index === 'string') throw new Error(index);

    const calls = await traced([input, join(dir, 'out.tar.gz'), '1', `hyperparameters.json=${join(dir, 'hp.json')}`], dir);
    expect(JSON.parse(calls.stdout)).toMatchObject({ method: 'append', inputRead: 'tail' });
    // The input: its header (with the index), the digest span before the flush point and the end.
    expect(calls.bytesRead(input), 'bytes read from the input').toBeLessThan(512 * 1024);
    // The unchanged prefix: shared blocks, or one kernel copy.
    if (calls.reflinks === 0) expect(calls.kernelCopiedInto('.sagewire-tmp'), 'bytes copied in the kernel').toBeGreaterThanOrEqual(index.flushOffset);
    // The output: read back only around what was written (the digest span and the new tail), synced once.
    expect(calls.bytesRead('.sagewire-tmp'), 'bytes read back from the output').toBeLessThan(512 * 1024);
    expect(calls.syncs('.sagewire-tmp'), 'fsync and fdatasync calls on the output').toBe(1);
  }, 120_000);
});
