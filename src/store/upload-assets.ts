/**
 * Puts a manifest's assets into an object store at the URIs the definition names.
 * Keys are content-hashed, so an object already there with the same size (and, where the
 * store records it, the same sha256) is the same content and is skipped.
 */
import { ConfigError } from '../errors.js';
import type { ObjectStore } from './object-store.js';
import type { Asset, AssetManifest } from '../assets/manifest.js';
import { ensureNodeRuntime, type RuntimeFiles } from '../assets/node-runtime-cache.js';

export interface UploadResult {
  uploaded: Asset[];
  skipped: Asset[];
}

export async function uploadAssets(
  manifest: AssetManifest,
  store: ObjectStore,
  opts: {
    skipExisting?: boolean;
    onAsset?: (asset: Asset, action: 'uploaded' | 'skipped') => void;
    /** Progress of a Node runtime fetch (only when the store lacks the runtime and the machine's cache too). */
    log?: (line: string) => void;
  } = {},
): Promise<UploadResult> {
  const skipExisting = opts.skipExisting ?? true;
  const result: UploadResult = { uploaded: [], skipped: [] };
  let runtime: RuntimeFiles | undefined;
  for (const asset of manifest.assets) {
    if (skipExisting) {
      const head = await store.head(asset.uri);
      if (head && head.size === asset.size && (head.sha256 === undefined || head.sha256 === asset.sha256)) {
        result.skipped.push(asset);
        opts.onAsset?.(asset, 'skipped');
        continue;
      }
    }
    if (asset.runtime !== undefined) {
      runtime ??= await ensureNodeRuntime(opts.log ? { log: opts.log } : {});
      await store.putFile(asset.uri, asset.runtime === 'node' ? runtime.binary : runtime.license, { sha256: asset.sha256 });
    } else if (asset.file !== undefined) {
      await store.putFile(asset.uri, asset.file, { sha256: asset.sha256 }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') {
          throw new ConfigError(`asset ${asset.uri}: its source file ${asset.file} is gone; compile again`);
        }
        throw err;
      });
    } else {
      await store.putBytes(asset.uri, asset.text ?? '', { sha256: asset.sha256 });
    }
    result.uploaded.push(asset);
    opts.onAsset?.(asset, 'uploaded');
  }
  return result;
}
