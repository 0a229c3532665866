import { ScriptError } from '../../errors.js';

const EXPLAINED: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, not a file',
  EMFILE: 'too many open files',
};

/**
 * Runs a script's work; a file-system failure the user can fix (permissions, a full disk, a
 * vanished path) becomes a ScriptError naming the path, instead of being reported as a bug.
 */
export async function withFileErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = typeof e?.code === 'string' ? EXPLAINED[e.code] : undefined;
    if (why && !(err instanceof ScriptError)) {
      throw new ScriptError(`${e.path ?? 'file'}: ${why} (${e.code}${e.syscall ? ` on ${e.syscall}` : ''})`, [], { cause: err });
    }
    throw err;
  }
}
