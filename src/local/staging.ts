/**
 * Moving data between the object store and a step's folder: staging inputs (SageMaker's
 * S3Prefix semantics) and publishing outputs
 * so that a failed upload leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { LocalRunError } from '../errors.js';
import { sha256File } from '../fs/sha256-file.js';
import { FolderStore, joinS3Uri, type ObjectStore } from '../store/index.js';
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

/** Stages an S3 prefix into a folder; no object under it is an error naming the input. */
export async function stageInput(store: ObjectStore, uri: string, dir: string, where: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  let n: number;
  try {
    n = (await store.downloadPrefix(uri, dir)).length;
  } catch (err) {
    throw new LocalRunError(`${where}: cannot stage ${uri}: ${(err as Error).message}`, [], { cause: err });
  }
  if (n === 0) throw new LocalRunError(`${where}: no object at ${uri} in the store (${store.location})`);
}

/**
 * Uploads each output folder to its URI. If any upload fails, what was uploaded is deleted
 * again, so a step's outputs appear all together or not at all.
 */
export async function publishOutputs(
  store: ObjectStore,
  outputs: { dir: string; uri: string }[],
  opts: { digest?: boolean } = {},
): Promise<WrittenObject[]> {
  const written: WrittenObject[] = [];
  try {
    for (const o of outputs) {
      await mkdir(o.dir, { recursive: true });
      for (const rel of await filesUnder(o.dir)) {
        const uri = joinS3Uri(o.uri, rel.split(sep).join('/'));
        const file = join(o.dir, rel);
        const moved = store instanceof FolderStore && (await moveIntoFolderStore(store, uri, file));
        // An S3 store keeps the sha256 as object metadata, so a later fingerprint needs no read.
        if (!moved) await store.putFile(uri, file, opts.digest ? { sha256: (await sha256File(file)).sha256 } : {});
        written.push(opts.digest ? { uri, fingerprint: (await objectFingerprint(store, uri))! } : { uri });
      }
    }
  } catch (err) {
    await Promise.all(written.map((w) => store.delete(w.uri).catch(() => {})));
    throw err;
  }
  return written;
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
