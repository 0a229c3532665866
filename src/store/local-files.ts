/** File-system pieces the stores share: atomic writes and walking a folder. */
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';

/** Streams `body` to `path` through a temp file in the same folder, fsynced, then renamed. */
export async function writeStreamAtomic(path: string, body: Readable): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.sagewire-tmp`);
  try {
    await pipeline(body, createWriteStream(tmp));
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Every regular file under `dir`, as paths relative to it with '/' separators, sorted. */
export async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string): Promise<void> => {
    for (const ent of await readdir(d, { withFileTypes: true })) {
      const full = join(d, ent.name);
      if (ent.isDirectory()) await visit(full);
      else if (ent.isFile() && !ent.name.endsWith('.sagewire-tmp')) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  await visit(dir);
  return out.sort();
}
