/**
 * The two archive jobs of a Training step: unpack the `sagemaker_submit_directory` source
 * tarball into /opt/ml/code (entries untrusted: regular files and folders only, no absolute
 * paths, no `..`), and pack /opt/ml/model into model.tar.gz.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { ArchiveError } from '../errors.js';

const MAX_ENTRIES = 100_000;

/** Unpacks a .tar.gz (or plain .tar) into `dir`; refuses links, devices and entries that leave `dir`. */
export async function extractTarball(archive: string, dir: string): Promise<number> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const extract = tar.extract();
  let count = 0;
  extract.on('entry', (header, stream, next) => {
    const fail = (msg: string) => {
      stream.resume();
      extract.destroy(new ArchiveError(msg, header.name));
    };
    if (++count > MAX_ENTRIES) return fail(`more than ${MAX_ENTRIES} entries`);
    const name = posix.normalize(header.name);
    const target = resolve(root, name);
    if (name.startsWith('/') || (target !== root && !target.startsWith(root + sep))) return fail('entry path leaves the folder');
    if (header.type === 'directory') {
      stream.resume();
      mkdir(target, { recursive: true }).then(() => next(), (e: Error) => extract.destroy(e));
      return;
    }
    if (header.type !== 'file') return fail(`entry type ${header.type} is not allowed (only files and folders)`);
    mkdir(dirname(target), { recursive: true })
      .then(() => pipeline(stream, createWriteStream(target, { mode: (header.mode ?? 0o644) & 0o755 })))
      .then(() => next(), (e: Error) => extract.destroy(e));
  });
  const head = Buffer.alloc(2);
  const fh = await open(archive, 'r');
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  try {
    await (gz ? pipeline(createReadStream(archive), createGunzip(), extract) : pipeline(createReadStream(archive), extract));
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(`cannot unpack ${archive}: ${(err as Error).message}`, undefined, { cause: err });
  }
  return count;
}

/** Packs every file under `dir` into `out` (gzip), atomically. */
export async function packDirectory(dir: string, out: string): Promise<void> {
  const files = await listFiles(dir);
  const pack = tar.pack();
  const tmp = `${out}.tmp-${process.pid}`;
  const writing = pipeline(pack, createGzip({ level: 1 }), createWriteStream(tmp));
  try {
    for (const rel of files) {
      const abs = join(dir, rel);
      const st = await stat(abs);
      const entry = pack.entry({ name: rel.split(sep).join('/'), size: st.size, mode: st.mode & 0o755, mtime: st.mtime });
      await pipeline(createReadStream(abs), entry);
    }
    pack.finalize();
    await writing;
    await rename(tmp, out);
  } catch (err) {
    pack.destroy();
    await writing.catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}
