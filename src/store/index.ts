/**
 * Object stores addressed by `s3://bucket/key`: a local folder or an S3 API, chosen once
 * by whoever starts the work (the CLI, the local runner, a container script).
 */
import { FolderStore } from './folder-store.js';
import type { ObjectStore } from './object-store.js';
import { S3Store, type S3StoreOptions } from './s3-store.js';

export type { ObjectInfo, ObjectStore, PutOptions } from './object-store.js';
export { FolderStore } from './folder-store.js';
export { S3Store, type S3StoreOptions } from './s3-store.js';
export { formatS3Uri, joinS3Uri, parseS3Uri, relativeKey, type S3Location } from './uri.js';

export interface OpenStoreOptions extends S3StoreOptions {
  /** A local folder holding `<bucket>/<key>`; wins over the S3 options. */
  root?: string;
}

export function openStore(opts: OpenStoreOptions = {}): ObjectStore {
  if (opts.root) return new FolderStore(opts.root);
  return new S3Store(opts);
}

/**
 * The store a container script should use: `SAGEWIRE_LOCAL_STORE=<folder>` (set by the local
 * runner) or S3 through the standard AWS chain (`AWS_ENDPOINT_URL` for emulators).
 */
export function storeFromEnv(env: NodeJS.ProcessEnv = process.env): ObjectStore {
  const root = env.SAGEWIRE_LOCAL_STORE;
  if (root) return new FolderStore(root);
  return s3StoreFromEnv(env);
}

/** S3 through the standard AWS chain, with `AWS_ENDPOINT_URL` and `AWS_REGION` from `env`. */
export function s3StoreFromEnv(env: NodeJS.ProcessEnv = process.env): S3Store {
  return new S3Store({
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
    ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
  });
}
