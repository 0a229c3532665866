/**
 * An object store in a local folder: `s3://bucket/key` is the file `<root>/bucket/key`.
 * The local runner's default store (`.sagewire/store`), and what the sandboxed steps see.
 */
import { constants, createReadStream } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, readdir, readlink, realpath, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { NotFoundError, UsageError } from '../errors.js';
import { tempPathFor, writeFileAtomic } from '../fs/atomic-write.js';
import { walkFiles } from './local-files.js';
import type { ObjectInfo, ObjectStore } from './object-store.js';
import { joinS3Uri, parseS3Uri, relativeKey } from './uri.js';

export class FolderStore implements ObjectStore {
  readonly kind = 'folder' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get location(): string {
    return this.root;
  }

  /** The file behind a URI; a key that would leave the bucket folder is refused. */
  pathOf(uri: string): string {
    const { bucket, key } = parseS3Uri(uri);
    const bucketDir = join(this.root, bucket);
    const path = resolve(bucketDir, key);
    if (path !== bucketDir && !path.startsWith(bucketDir + sep)) {
      throw new UsageError(`S3 key leaves its bucket: "${uri}"`);
    }
    return path;
  }

  /**
   * Throws unless `path`, after every symbolic link in it, is inside the store: a link planted
   * in the folder must not make the store read or write files elsewhere. For a path that does
   * not exist yet, its deepest existing folder is checked.
   */
  /** Refuses `path` when a link leads it out of the store; returns the store folder's real path (undefined: no folder yet). */
  private async assertInside(path: string, uri: string): Promise<string | undefined> {
    let root: string;
    try {
      root = await realpath(this.root);
    } catch {
      return undefined; // no store folder yet: nothing in it can be a link
    }
    let probe = path;
    let real: string | undefined;
    while (real === undefined) {
      try {
        real = await realpath(probe);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if ((code !== 'ENOENT' && code !== 'ENOTDIR') || probe === dirname(probe)) throw err;
        probe = dirname(probe);
      }
    }
    if (real !== root && !real.startsWith(root + sep)) {
      throw new UsageError(`${uri}: a symbolic link in the local store leads out of it; refused`);
    }
    return root;
  }

  /**
   * Opens an object for reading with no check-then-open gap: the file is opened first, then
   * where the kernel says the opened file is (`/proc/self/fd/<n>`) must be inside the store,
   * so a link swapped into the path between a check and the open cannot lead out. Non-blocking,
   * so a FIFO planted in the folder cannot hang the open; anything but a regular file is refused.
   */
  private async openInside(uri: string): Promise<FileHandle> {
    const path = this.pathOf(uri);
    const checkedRoot = await this.assertInside(path, uri);
    let file: FileHandle;
    try {
      file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') {
        throw new NotFoundError(`no object at ${uri} (local store ${this.root})`);
      }
      throw err;
    }
    try {
      let opened: string | undefined;
      try {
        opened = await readlink(`/proc/self/fd/${file.fd}`);
      } catch {
        // no /proc (not Linux): the check above is all there is
      }
      if (opened !== undefined) {
        // The root as the check above resolved it (resolved now only if the folder was made since).
        const root = checkedRoot ?? (await realpath(this.root));
        if (!opened.startsWith(root + sep)) throw new UsageError(`${uri}: a symbolic link in the local store leads out of it; refused`);
      }
      if (!(await file.stat()).isFile()) throw new NotFoundError(`no object at ${uri} (local store ${this.root}): not a regular file`);
      return file;
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  async putFile(uri: string, path: string): Promise<ObjectInfo> {
    return this.putStream(uri, createReadStream(path));
  }

  async putBytes(uri: string, data: Buffer | string): Promise<ObjectInfo> {
    return this.putStream(uri, Readable.from([typeof data === 'string' ? Buffer.from(data) : data]));
  }

  private async putStream(uri: string, body: Readable): Promise<ObjectInfo> {
    const target = this.pathOf(uri);
    await this.assertInside(target, uri);
    await writeFileAtomic(target, body);
    return { uri, size: (await stat(target)).size };
  }

  async openRead(uri: string): Promise<Readable> {
    return (await this.openInside(uri)).createReadStream();
  }

  async getBytes(uri: string): Promise<Buffer> {
    const file = await this.openInside(uri);
    try {
      return await file.readFile();
    } finally {
      await file.close();
    }
  }

  /**
   * Moves a file the caller gives up (a temp file) into the store as `uri` by renaming it: no
   * copy. False when the file is on another file system (the caller copies instead).
   */
  async adoptFile(uri: string, path: string): Promise<boolean> {
    const target = this.pathOf(uri);
    await this.assertInside(target, uri);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(path, target);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EXDEV') return false;
      throw err;
    }
  }

  /**
   * Makes `path` a hard link to the object: no copy. Objects are never changed in place (every
   * write is a new file renamed over the old), so the link keeps the bytes it was made with; the
   * caller must not write to `path` either. False where links cannot be made (another file
   * system, a file system without them, fs.protected_hardlinks): the caller copies instead.
   */
  async linkToFile(uri: string, path: string): Promise<ObjectInfo | undefined> {
    // The file is opened (and checked to be inside) first; the link made afterwards must be to
    // that very inode, or a link swapped in between the two has been followed.
    const file = await this.openInside(uri);
    let opened;
    try {
      opened = await file.stat();
    } finally {
      await file.close();
    }
    const info: ObjectInfo = { uri, size: opened.size };
    await mkdir(dirname(path), { recursive: true });
    const temp = tempPathFor(path);
    try {
      // The resolved file, never a symbolic link (a relative link would mean something else there).
      await link(await realpath(this.pathOf(uri)), temp);
    } catch (err) {
      if (['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP'].includes((err as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw err;
    }
    try {
      const linked = await lstat(temp);
      if (linked.ino !== opened.ino || linked.dev !== opened.dev) {
        throw new UsageError(`${uri}: the object changed while it was being linked (a symbolic link swapped into the local store?); refused`);
      }
      await rename(temp, path);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    return info;
  }

  async getToFile(uri: string, path: string): Promise<ObjectInfo> {
    await mkdir(dirname(path), { recursive: true });
    const file = await this.openInside(uri);
    const { size } = await file.stat().catch(async (err: unknown) => {
      await file.close();
      throw err;
    });
    await writeFileAtomic(path, file.createReadStream());
    return { uri, size };
  }

  async head(uri: string): Promise<ObjectInfo | undefined> {
    const path = this.pathOf(uri);
    try {
      await this.assertInside(path, uri);
      const st = await stat(path);
      return st.isFile() ? { uri, size: st.size } : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') {
        return undefined;
      }
      throw err;
    }
  }

  async list(prefixUri: string): Promise<ObjectInfo[]> {
    const { bucket, key } = parseS3Uri(prefixUri);
    const single = await this.head(prefixUri);
    if (single && key !== '') return [{ ...single, lastModified: (await stat(this.pathOf(prefixUri))).mtime }];
    const dir = this.pathOf(prefixUri);
    let files: string[];
    try {
      await this.assertInside(dir, prefixUri);
      files = await walkFiles(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw err;
    }
    const base = key.replace(/\/+$/, '');
    return Promise.all(
      files.map(async (rel) => {
        const objKey = base ? `${base}/${rel}` : rel;
        const st = await stat(join(dir, rel));
        return { uri: `s3://${bucket}/${objKey}`, size: st.size, lastModified: st.mtime };
      }),
    );
  }

  async delete(uri: string): Promise<void> {
    await this.assertInside(dirname(this.pathOf(uri)), uri);
    await rm(this.pathOf(uri), { force: true });
    await this.pruneEmptyDirs(dirname(this.pathOf(uri)), join(this.root, parseS3Uri(uri).bucket));
  }

  async deletePrefix(prefixUri: string): Promise<number> {
    const objects = await this.list(prefixUri);
    for (const o of objects) await this.delete(o.uri);
    return objects.length;
  }

  /** Removes folders left empty by a delete, up to (not including) the bucket folder. */
  private async pruneEmptyDirs(dir: string, stopAt: string): Promise<void> {
    let d = dir;
    while (d.startsWith(stopAt + sep)) {
      try {
        if ((await readdir(d)).length > 0) return;
        await rm(d, { recursive: false, force: true });
      } catch {
        return;
      }
      d = dirname(d);
    }
  }

  async downloadPrefix(prefixUri: string, dir: string): Promise<ObjectInfo[]> {
    const { key: prefixKey } = parseS3Uri(prefixUri);
    const objects = await this.list(prefixUri);
    for (const o of objects) {
      const rel = relativeKey(prefixKey, parseS3Uri(o.uri).key)!;
      const target = join(dir, rel);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(this.pathOf(o.uri), target);
    }
    return objects;
  }

  async uploadDirectory(dir: string, prefixUri: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    for (const rel of await walkFiles(dir)) {
      out.push(await this.putFile(joinS3Uri(prefixUri, rel), join(dir, rel)));
    }
    return out;
  }
}
