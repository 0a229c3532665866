import { ArchiveError } from '../../errors.js';

/**
 * Runs an archive operation on `archive`; an ArchiveError that names no entry (a whole-file
 * problem such as a bad first header) gets the archive's path, so every message says where.
 */
export async function inArchive<T>(archive: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ArchiveError && err.entry === undefined && !err.message.includes(archive)) {
      throw new ArchiveError(`${archive}: ${err.message}`, undefined, { cause: err });
    }
    throw err;
  }
}
