/**
 * Moving data between the object store and a step's folder: staging inputs (SageMaker's
 * S3Prefix semantics) and publishing outputs
 * so that a failed upload leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { chmod, chown, lchown, link, lstat, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { LocalRunError } from '../errors.js';
import { sha256File } from '../fs/sha256-file.js';
import { FolderStore, joinS3Uri, parseS3Uri, relativeKey, type ObjectStore } from '../store/index.js';
import { ML_ROOT } from './sandbox.js';
import type { WrittenObject } from './step-context.js';

/** The host path of a container path under /opt/ml; anything else is refused. */
export function hostPathOf(mlDir: string, containerPath: string, where: string): string {
  const norm = containerPath.replace(/\/+$/, '');
  if (norm !== ML_ROOT && !norm.startsWith(`${ML_ROOT}/`)) {
    throw new LocalRunError(`${where}: local path "${containerPath}" is not under ${ML_ROOT}`);
  }
  if (norm.split('/').includes('..')) throw new LocalRunError(`${where}: local path "${containerPath}" contains ".."`);
  return join(mlDir, norm.slice(ML_ROOT.length));
}

/**
 * Where each object matched by an S3Prefix goes, relative to the LocalPath. The URI is a key
 * name prefix (SageMaker takes every object whose key starts with it): an object equal to the
 * prefix keeps its base name, one under `prefix/` its key below it, and one that only starts
 * with the prefix (`data/part` matching `data/part-0.csv`) its key below the prefix's folder.
 */
export function prefixMatches(prefixKey: string, keys: readonly string[]): { key: string; rel: string }[] {
  const p = prefixKey.replace(/\/+$/, '');
  const folder = prefixKey.endsWith('/') || p === '' ? p : p.slice(0, p.lastIndexOf('/') + 1).replace(/\/+$/, '');
  const out: { key: string; rel: string }[] = [];
  for (const key of keys) {
    const rel =
      relativeKey(p, key) ?? (prefixKey.endsWith('/') || !key.startsWith(p) ? undefined : folder ? key.slice(folder.length + 1) : key);
    if (rel) out.push({ key, rel });
  }
  return out;
}

/**
 * Stages the objects matched by an S3 key name prefix into a folder, each file as S3 delivers
 * it: mode 0644, owned by the caller. From a folder store on the same file system an object
 * that already is 0644 is hard-linked (no copy); the step sees the folder read-only (the
 * sandbox binds it so), so the link cannot change the store. No object matched is an error
 * naming the input. Returns the number of files.
 */
export async function stageInput(store: ObjectStore, uri: string, dir: string, where: string, opts: { link?: boolean } = {}): Promise<number> {
  await mkdir(dir, { recursive: true });
  const { bucket, key } = parseS3Uri(uri);
  let matches: { key: string; rel: string }[];
  try {
    // A key name prefix: list its folder (the store lists folders) and keep the keys that start with it.
    const folderKey = key === '' || key.endsWith('/') ? key : key.slice(0, key.lastIndexOf('/') + 1);
    const listed = (await store.list(`s3://${bucket}/${folderKey}`)).map((o) => parseS3Uri(o.uri).key);
    matches = prefixMatches(key, [...new Set([...(await store.head(uri)) ? [key] : [], ...listed])]);
  } catch (err) {
    throw new LocalRunError(`${where}: cannot stage ${uri}: ${(err as Error).message}`, [], { cause: err });
  }
  if (matches.length === 0) throw new LocalRunError(`${where}: no object at ${uri} in the store (${store.location})`);
  for (const m of matches) {
    if (m.rel.split('/').some((c) => c === '..' || c === '.' || c === '')) {
      throw new LocalRunError(`${where}: object s3://${bucket}/${m.key} has a key that cannot be a file name under its LocalPath`);
    }
    const target = join(dir, m.rel);
    await mkdir(dirname(target), { recursive: true });
    const objUri = `s3://${bucket}/${m.key}`;
    try {
      if (!(opts.link && store instanceof FolderStore && (await linkObject(store.pathOf(objUri), target)))) {
        await store.getToFile(objUri, target);
        await chmod(target, 0o644);
      }
    } catch (err) {
      throw new LocalRunError(`${where}: cannot stage ${objUri} as ${target}: ${(err as Error).message}`, [], { cause: err });
    }
  }
  return matches.length;
}

/** Hard-links a 0644 regular file owned by this process's user; false when a copy is needed. */
async function linkObject(source: string, target: string): Promise<boolean> {
  const st = await lstat(source);
  if (!st.isFile() || (st.mode & 0o7777) !== 0o644 || st.uid !== (process.getuid?.() ?? st.uid)) return false;
  try {
    await link(source, target);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EXDEV' || code === 'EPERM' || code === 'EMLINK') return false;
    throw err;
  }
}

/**
 * Makes sure `dir` is a real folder inside `mlDir`: every component below `mlDir` is created
 * or must already be a folder, never a link (a step could have made `/opt/ml/processing` a
 * link to a host folder, which the runner, outside the sandbox, would then follow).
 */
export async function realFolderIn(mlDir: string, dir: string, what: string): Promise<void> {
  const rel = relative(mlDir, dir);
  if (rel.startsWith('..') || rel.split(sep).includes('..')) throw new LocalRunError(`${what}: ${dir} is not inside the step folder`);
  let cur = mlDir;
  for (const part of ['', ...(rel ? rel.split(sep) : [])]) {
    cur = part ? join(cur, part) : cur;
    const st = await lstat(cur).catch(() => undefined);
    if (!st) {
      await mkdir(cur);
      continue;
    }
    if (st.isSymbolicLink()) throw new LocalRunError(`${what}: ${cur} is a symbolic link; the step must leave its folders as folders (nothing was uploaded)`);
    if (!st.isDirectory()) throw new LocalRunError(`${what}: ${cur} is not a folder (nothing was uploaded)`);
  }
}

/**
 * Uploads each output folder to its URI. Every entry is looked at without following links:
 * an output folder that is a link, or an entry that is a link, a device, a FIFO or a socket,
 * is refused, named, before anything is uploaded. If any upload fails, what was uploaded is
 * deleted again, so a step's outputs appear all together or not at all. Objects land as
 * mode 0644 files of the runner's user.
 */
export async function publishOutputs(
  store: ObjectStore,
  outputs: { dir: string; uri: string; what?: string }[],
  opts: { digest?: boolean; mlDir?: string } = {},
): Promise<WrittenObject[]> {
  const plan: { uri: string; file: string }[] = [];
  for (const o of outputs) {
    const what = o.what ?? `output ${o.uri}`;
    if (opts.mlDir) await realFolderIn(opts.mlDir, o.dir, what);
    else await mkdir(o.dir, { recursive: true });
    for (const rel of await plainFilesUnder(o.dir, what)) plan.push({ uri: joinS3Uri(o.uri, rel.split(sep).join('/')), file: join(o.dir, rel) });
  }
  const written: WrittenObject[] = [];
  try {
    for (const { uri, file } of plan) {
      const moved = store instanceof FolderStore && (await moveIntoFolderStore(store, uri, file));
      // An S3 store keeps the sha256 as object metadata, so a later fingerprint needs no read.
      if (!moved) await store.putFile(uri, file, opts.digest ? { sha256: (await sha256File(file)).sha256 } : {});
      written.push(opts.digest ? { uri, fingerprint: (await objectFingerprint(store, uri))! } : { uri });
    }
  } catch (err) {
    await Promise.all(written.map((w) => store.delete(w.uri).catch(() => {})));
    throw err;
  }
  return written;
}

/** Relative paths of the regular files under `dir`, sorted; a link or special file is refused, named. */
export async function plainFilesUnder(dir: string, what: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const rel = relative(dir, join(e.parentPath, e.name));
    if (e.isFile()) out.push(rel);
    else if (e.isSymbolicLink()) throw new LocalRunError(`${what}: ${rel} is a symbolic link; outputs must be regular files (nothing was uploaded)`);
    else if (!e.isDirectory()) throw new LocalRunError(`${what}: ${rel} is not a regular file (a device, FIFO or socket; nothing was uploaded)`);
  }
  return out.sort();
}

/** Relative paths of every file under `dir`, sorted; none when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * A folder store on the same file system as the step folder: the output file is renamed into
 * place (atomic, no copy). False when that is not possible (another device); the caller copies.
 */
async function moveIntoFolderStore(store: FolderStore, uri: string, file: string): Promise<boolean> {
  const target = store.pathOf(uri);
  await mkdir(dirname(target), { recursive: true });
  try {
    await rename(file, target);
    // Objects have no owner or mode bits: a step's file becomes a plain 0644 file of the runner.
    if (process.getuid?.() === 0) await chown(target, 0, 0);
    await chmod(target, 0o644);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EXDEV') return false;
    throw err;
  }
}


/**
 * What identifies the current version of an object, cheaply: in a folder store its inode,
 * size and mtime (every store write is temp file + rename, so a rewrite changes the inode);
 * elsewhere its sha256 (from the upload metadata, else by reading it). Undefined when absent.
 */
export async function objectFingerprint(store: ObjectStore, uri: string): Promise<string | undefined> {
  if (store instanceof FolderStore) {
    const st = await stat(store.pathOf(uri)).catch(() => undefined);
    return st?.isFile() ? `file:${st.ino}:${st.size}:${st.mtimeMs}` : undefined;
  }
  const head = await store.head(uri);
  if (!head) return undefined;
  if (head.sha256) return `sha256:${head.sha256}`;
  const h = createHash('sha256');
  for await (const chunk of await store.openRead(uri)) h.update(chunk as Buffer);
  return `sha256:${h.digest('hex')}`;
}

/**
 * Gives the step folder to the sandbox user (a root caller's steps run as another uid): every
 * folder and file under `mlDir` is lchowned, except the staged input folders in `skip`
 * (their files may be hard links into the store, which must stay the runner's).
 */
export async function handOver(mlDir: string, uid: number, gid: number, skip: readonly string[]): Promise<void> {
  const skipped = new Set(skip);
  const visit = async (dir: string): Promise<void> => {
    await lchown(dir, uid, gid);
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (skipped.has(p)) continue;
      if (e.isDirectory()) await visit(p);
      else await lchown(p, uid, gid);
    }
  };
  await visit(mlDir);
}
