/** Downloads a caller's artifact into the work folder and computes its sha256. */
import { join } from 'node:path';
import { InventoryError, NotFoundError } from '../../errors.js';
import { sha256File } from '../../fs/sha256-file.js';
import type { ObjectStore } from '../../store/index.js';
import { uploadedSha256 } from '../model/artifact-uri.js';
import { uploadStoreUri, type ArtifactStore } from './artifact-store.js';

export interface StagedArtifact {
  path: string;
  sha256: string;
  size: number;
}

/**
 * `uri` is a caller's `s3://` object (read from `source`) or an upload
 * (`inventory://artifacts/<sha256>`, read from the inventory's own `uploads` store and checked
 * against the digest it is named by).
 */
export async function stageArtifact(
  source: ObjectStore,
  uri: string,
  workDir: string,
  fileName: string,
  field: string,
  uploads?: ArtifactStore,
): Promise<StagedArtifact> {
  const path = join(workDir, fileName);
  const uploaded = uploadedSha256(uri);
  try {
    if (uploaded) {
      if (!uploads) throw new InventoryError(`${field}: ${uri}: this inventory takes no uploads`, [], { status: 422 });
      const info = await uploads.store.getToFile(uploadStoreUri(uploads, uploaded), path);
      const { sha256 } = await sha256File(path);
      if (sha256 !== uploaded) throw new InventoryError(`${field}: ${uri}: the stored bytes have sha256 ${sha256}; the upload is damaged`, [], { status: 422 });
      return { path, sha256, size: info.size };
    }
    const info = await source.getToFile(uri, path);
    return { path, sha256: (await sha256File(path)).sha256, size: info.size };
  } catch (err) {
    if (err instanceof NotFoundError) {
      const where = uploaded ? 'the inventory (POST it to /v1/artifacts)' : source.location;
      throw new InventoryError(`${field}: ${uri} does not exist in ${where}`, [], { status: 422, cause: err });
    }
    throw err;
  }
}
