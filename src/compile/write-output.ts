/**
 * Writing compile results: the definition and its asset manifest beside it, each through a
 * temp file and a rename so that nothing half-written is ever left behind.
 */
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { manifestJson, manifestPathFor } from '../assets/manifest.js';
import { tempPathFor } from '../fs/atomic-write.js';
import { IoError, UsageError } from '../errors.js';
import type { CompileResult } from './template.js';

/** Write errors that are about the path the user chose (exit 2), not the machine. */
const PATH_CHOICE = new Set(['EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENAMETOOLONG', 'ELOOP']);

/**
 * Writes `<out>` and `<out minus .json>.assets.json` as a pair or not at all: both are written
 * to temp files beside their targets first (where a full disk shows), then renamed; if the
 * second rename fails the first is undone. Returns both paths.
 */
export async function writeCompileResult(result: CompileResult, out: string): Promise<{ definition: string; manifest: string }> {
  const manifest = manifestPathFor(out);
  // Checked before writing anything, so that a refused --out leaves no manifest behind.
  if ((await stat(out).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`--out ${out}: cannot write there (it is a folder)`);
  }
  const temps: string[] = [];
  try {
    await mkdir(dirname(out), { recursive: true });
    const manifestTemp = tempPathFor(manifest);
    const definitionTemp = tempPathFor(out);
    temps.push(manifestTemp, definitionTemp);
    await writeSynced(manifestTemp, manifestJson(result.manifest));
    await writeSynced(definitionTemp, result.definitionJson);
    const previousManifest = await readFile(manifest).catch(() => undefined);
    await rename(manifestTemp, manifest);
    try {
      await rename(definitionTemp, out);
    } catch (err) {
      if (previousManifest) await writeFile(manifest, previousManifest).catch(() => undefined);
      else await unlink(manifest).catch(() => undefined);
      throw err;
    }
  } catch (err) {
    await Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
    const e = err as NodeJS.ErrnoException;
    if (e.code === undefined) throw err;
    if (PATH_CHOICE.has(e.code)) throw new UsageError(`--out ${out}: cannot write there (${e.code}: ${e.message})`);
    throw new IoError(`${e.path ?? out}: cannot write the compiled pipeline (${e.code}: ${e.message}); nothing was written`);
  }
  return { definition: out, manifest };
}

async function writeSynced(path: string, text: string): Promise<void> {
  const file = await open(path, 'wx', 0o644);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}
