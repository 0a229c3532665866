import type { Readable } from 'node:stream';

/** What a store knows of one object. */
export interface ObjectInfo {
  uri: string;
  size: number;
  /** sha256 (hex) recorded at upload, when the store keeps it. */
  sha256?: string;
  /** When the object was last written (given by `list`). */
  lastModified?: Date;
}

export interface PutOptions {
  /** Recorded with the object (S3 user metadata `sha256`) so later uploads can be skipped. */
  sha256?: string;
  contentType?: string;
}

/**
 * An object store addressed by `s3://bucket/key` URIs: a local folder or an S3 API.
 * Writes are atomic: an object is either absent or complete. Reads of a missing object
 * throw NotFoundError; `head` returns undefined instead.
 */
export interface ObjectStore {
  readonly kind: 'folder' | 's3';
  /** Human description: the folder path or the endpoint. */
  readonly location: string;
  putFile(uri: string, path: string, opts?: PutOptions): Promise<ObjectInfo>;
  putBytes(uri: string, data: Buffer | string, opts?: PutOptions): Promise<ObjectInfo>;
  openRead(uri: string): Promise<Readable>;
  getBytes(uri: string): Promise<Buffer>;
  /** Writes the object to `path` atomically (temp file + rename). */
  getToFile(uri: string, path: string): Promise<ObjectInfo>;
  head(uri: string): Promise<ObjectInfo | undefined>;
  /** Every object under a prefix (recursive), sorted by key. The prefix counts as a folder. */
  list(prefixUri: string): Promise<ObjectInfo[]>;
  /** Deletes one object; no error when it is absent. */
  delete(uri: string): Promise<void>;
  deletePrefix(prefixUri: string): Promise<number>;
  /** Stages every object under a prefix into `dir`, keeping relative keys (SageMaker S3Prefix). */
  downloadPrefix(prefixUri: string, dir: string): Promise<ObjectInfo[]>;
  /** Uploads every file under `dir` to `prefixUri/<relative path>`. */
  uploadDirectory(dir: string, prefixUri: string): Promise<ObjectInfo[]>;
}
