/**
 * The manifest names each file asset by the sha256 compile computed. A file rebuilt or edited
 * since then would be uploaded under a key that no longer matches its content, so deploy checks
 * every file before uploading any.
 */
import type { AssetManifest } from '../assets/index.js';
import { ConfigError, type Issue } from '../errors.js';
import { sha256File } from '../fs/sha256-file.js';

/** The file's sha256 and size; undefined when it is gone. */
async function sha256OfFile(path: string): Promise<{ sha256: string; size: number } | undefined> {
  try {
    return await sha256File(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Throws a ConfigError naming every file asset that is gone or differs from the manifest. */
export async function verifyAssetFiles(manifest: AssetManifest, manifestPath: string): Promise<void> {
  const issues: Issue[] = [];
  for (const asset of manifest.assets) {
    if (asset.file === undefined) continue;
    const now = await sha256OfFile(asset.file);
    if (!now) issues.push({ path: asset.file, message: `is gone (asset ${asset.uri})` });
    else if (now.sha256 !== asset.sha256) {
      issues.push({ path: asset.file, message: `changed since compile (sha256 ${now.sha256}, ${now.size} bytes; the manifest says ${asset.sha256}, ${asset.size} bytes)` });
    }
  }
  if (issues.length > 0) {
    throw new ConfigError(`${manifestPath}: ${issues.length} asset file(s) differ from what compile recorded: compile again`, issues);
  }
}
