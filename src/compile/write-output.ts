/**
 * Writing compile results: the definition and its asset manifest beside it, each through a
 * temp file and a rename so that nothing half-written is ever left behind.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { manifestPathFor, writeManifest } from '../assets/manifest.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { UsageError } from '../errors.js';
import type { CompileResult } from './template.js';

/**
 * Writes `<out>` and `<out minus .json>.assets.json`, creating the folder; returns both paths.
 * A path that cannot be written (a folder, no permission) is the user's to fix, not a bug.
 */
export async function writeCompileResult(result: CompileResult, out: string): Promise<{ definition: string; manifest: string }> {
  const manifest = manifestPathFor(out);
  // Checked before writing anything, so that a refused --out leaves no manifest behind.
  if ((await stat(out).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`--out ${out}: cannot write there (it is a folder)`);
  }
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeManifest(manifest, result.manifest);
    await writeFileAtomic(out, result.definitionJson);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    throw new UsageError(`--out ${out}: cannot write there (${code}: ${(err as Error).message})`);
  }
  return { definition: out, manifest };
}
