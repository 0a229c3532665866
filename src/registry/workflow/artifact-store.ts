/** Where the inventory keeps its own copies of artifacts. */
import { join } from 'node:path';
import { joinS3Uri, openStore, parseS3Uri, s3StoreFromEnv, type ObjectStore } from '../../store/index.js';

export interface ArtifactStore {
  store: ObjectStore;
  /** `s3://bucket/prefix` under which `models/<model id>/sha256-<digest>/...` is written. */
  prefix: string;
}

/** The default: a folder store inside the data dir (`<dataDir>/artifacts/inventory/models/...`). */
export function dataDirArtifactStore(dataDir: string): ArtifactStore {
  return { store: openStore({ root: join(dataDir, 'artifacts') }), prefix: 's3://inventory' };
}

/** `--artifact-store s3://bucket/prefix`: an S3 API through the AWS chain (AWS_ENDPOINT_URL honoured). */
export function s3ArtifactStore(prefix: string, env: NodeJS.ProcessEnv = process.env): ArtifactStore {
  parseS3Uri(prefix);
  return { store: s3StoreFromEnv(env), prefix };
}

/** Content-addressed: copying the same bytes twice writes the same object. */
export function artifactUriFor(target: ArtifactStore, modelId: string, sha256: string, fileName: string): string {
  return joinS3Uri(target.prefix, `models/${modelId}/sha256-${sha256}/${fileName}`);
}

/** Where an upload (`inventory://artifacts/<sha256>`) is kept in the artifact store. */
export function uploadStoreUri(target: ArtifactStore, sha256: string): string {
  return joinS3Uri(target.prefix, `artifacts/sha256-${sha256}`);
}
