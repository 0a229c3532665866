/**
 * Writing compile results: the definition and its asset manifest beside it, each through a
 * temp file and a rename so that nothing half-written is ever left behind.
 */
import { rename, unlink, writeFile } from 'node:fs/promises';
import { manifestPathFor, writeManifest } from '../assets/manifest.js';
import type { CompileResult } from './template.js';

/** Writes `text` to `path` atomically. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/** Writes `<out>` and `<out minus .json>.assets.json`; returns both paths. */
export async function writeCompileResult(result: CompileResult, out: string): Promise<{ definition: string; manifest: string }> {
  const manifest = manifestPathFor(out);
  await writeManifest(manifest, result.manifest);
  await writeFileAtomic(out, result.definitionJson);
  return { definition: out, manifest };
}
