/**
 * The two archive jobs of a Training step, done by the archive engine: unpack the
 * `sagemaker_submit_directory` source tarball into /opt/ml/code, and pack /opt/ml/model into
 * model.tar.gz.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createArchive, filesFromDirectory, scanArchive } from '../archive/index.js';
import { ArchiveError, LocalRunError } from '../errors.js';

/**
 * Unpacks a .tar.gz (or plain .tar) into `dir`, atomically: into a temp folder beside it,
 * renamed to `dir` only once the whole archive (and its gzip CRC, at the very end) checked
 * out; on any failure nothing is left. `dir` must not exist or be an empty folder. The engine
 * refuses hostile entries (escapes, devices, bombs, corrupt or truncated data); links are
 * refused here too: source code needs only files and folders. Returns the number of entries.
 */
export async function extractTarball(archive: string, dir: string): Promise<number> {
  await mkdir(dirname(dir), { recursive: true });
  const temp = await mkdtemp(join(dirname(dir), `.${basename(dir)}.unpacking-`));
  try {
    const { entries } = await scanArchive(archive, {
      onEntry: async (entry, body) => {
        const target = join(temp, entry.name);
        if (entry.type === 'directory') {
          await mkdir(target, { recursive: true });
        } else if (entry.type === 'file' && body) {
          await mkdir(dirname(target), { recursive: true });
          await pipeline(body, createWriteStream(target, { mode: entry.mode & 0o755 }));
        } else {
          throw new ArchiveError(`entry type ${entry.type} is not allowed (only files and folders)`, entry.name, { reason: 'special-file' });
        }
      },
    });
    await rename(temp, dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST' || error.code === 'ENOTDIR') {
        throw new LocalRunError(`cannot unpack ${archive}: ${dir} already exists and is not an empty folder`, [], { cause: error });
      }
      throw error;
    });
    return entries.length;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Packs every file under `dir` into `out` (gzip level 1: model files rarely compress), atomically. */
export async function packDirectory(dir: string, out: string): Promise<void> {
  await createArchive({ output: out, files: await filesFromDirectory(dir), level: 1 });
}
