/**
 * Puts a caller's artifact into the work folder: a hard link when it is in a folder store on
 * the same file system (no copy), else a download. Its sha256 comes from the validating scan
 * (archive-checks.ts), which reads the bytes anyway.
 */
import { join } from 'node:path';
import { InventoryError, NotFoundError } from '../../errors.js';
import { FolderStore, type ObjectStore } from '../../store/index.js';
import { uploadedSha256 } from '../model/artifact-uri.js';
import { uploadStoreUri, type ArtifactStore } from './artifact-store.js';

export interface StagedArtifact {
  path: string;
  size: number;
  /** For an upload: the sha256 it is named by, which the scan's digest must equal ({@link checkUploadDigest}). */
  namedSha256?: string;
}

/** A hard link where the store can make one, else a download. */
async function fetch(store: ObjectStore, uri: string, path: string): Promise<{ size: number }> {
  return (store instanceof FolderStore ? await store.linkToFile(uri, path) : undefined) ?? (await store.getToFile(uri, path));
}

/** Refuses an upload whose stored bytes are not the ones its name says. */
export function checkUploadDigest(staged: StagedArtifact, sha256: string, field: string, uri: string): void {
  if (staged.namedSha256 !== undefined && sha256 !== staged.namedSha256) {
    throw new InventoryError(`${field}: ${uri}: the stored bytes have sha256 ${sha256}; the upload is damaged`, [], { status: 422 });
  }
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
      const info = await fetch(uploads.store, uploadStoreUri(uploads, uploaded), path);
      return { path, size: info.size, namedSha256: uploaded };
    }
    const info = await fetch(source, uri, path);
    return { path, size: info.size };
  } catch (err) {
    if (err instanceof NotFoundError) {
      const where = uploaded ? 'the inventory (POST it to /v1/artifacts)' : source.location;
      throw new InventoryError(`${field}: ${uri} does not exist in ${where}`, [], { status: 422, cause: err });
    }
    throw err;
  }
}
