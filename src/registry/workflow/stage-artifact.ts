/** Downloads a caller's artifact into the work folder and computes its sha256. */
import { join } from 'node:path';
import { InventoryError, NotFoundError } from '../../errors.js';
import { sha256File } from '../../fs/sha256-file.js';
import type { ObjectStore } from '../../store/index.js';

export interface StagedArtifact {
  path: string;
  sha256: string;
  size: number;
}

export async function stageArtifact(source: ObjectStore, uri: string, workDir: string, fileName: string, field: string): Promise<StagedArtifact> {
  const path = join(workDir, fileName);
  try {
    const info = await source.getToFile(uri, path);
    return { path, sha256: (await sha256File(path)).sha256, size: info.size };
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new InventoryError(`${field}: ${uri} does not exist in ${source.location}`, [], { status: 422, cause: err });
    }
    throw err;
  }
}
