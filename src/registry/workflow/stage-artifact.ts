/** Downloads a caller's artifact into the work folder and computes its sha256. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { InventoryError, NotFoundError } from '../../errors.js';
import type { ObjectStore } from '../../store/index.js';

export interface StagedArtifact {
  path: string;
  sha256: string;
  size: number;
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function stageArtifact(source: ObjectStore, uri: string, workDir: string, fileName: string, field: string): Promise<StagedArtifact> {
  const path = join(workDir, fileName);
  try {
    const info = await source.getToFile(uri, path);
    return { path, sha256: await sha256OfFile(path), size: info.size };
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new InventoryError(`${field}: ${uri} does not exist in ${source.location}`, [], { status: 422, cause: err });
    }
    throw err;
  }
}
