import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';
import { tempDir } from '../archive/test-support/trees.js';

describe('writeFileAtomic', () => {
  it('writes bytes, strings and streams', async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, 'a'), Buffer.from('bytes'));
    await writeFileAtomic(join(dir, 'b'), 'text');
    await writeFileAtomic(join(dir, 'c'), Readable.from([Buffer.from('str'), Buffer.from('eam')]));
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('bytes');
    expect(await readFile(join(dir, 'b'), 'utf8')).toBe('text');
    expect(await readFile(join(dir, 'c'), 'utf8')).toBe('stream');
    expect((await readdir(dir)).sort()).toEqual(['a', 'b', 'c']);
  });

  it('leaves neither the output nor a temp file when the stream fails, and keeps an older file', async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, 'out'), 'old');
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('source broke'));
      },
    });
    await expect(writeFileAtomic(join(dir, 'out'), failing)).rejects.toThrow('source broke');
    await expect(writeFileAtomic(join(dir, 'new'), Readable.from((async function* () { yield Buffer.from('x'); throw new Error('late'); })()))).rejects.toThrow('late');
    expect(await readdir(dir)).toEqual(['out']);
    expect(await readFile(join(dir, 'out'), 'utf8')).toBe('old');
  });
});
