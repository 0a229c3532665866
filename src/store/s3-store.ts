/**
 * An object store over an S3 API (AWS, or an emulator such as moto at an endpoint URL).
 * Large files go up in parts through @aws-sdk/lib-storage; the sha256 of an upload is kept
 * as user metadata so that content-hashed uploads can be skipped later.
 */
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { isMissingObject, toStoreError } from './aws-errors.js';
import { walkFiles } from './local-files.js';
import type { ObjectInfo, ObjectStore, PutOptions } from './object-store.js';
import { joinS3Uri, parseS3Uri, relativeKey } from './uri.js';

export interface S3StoreOptions {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Retries for throttling and 5xx, done by the SDK's own strategy. Default 5. */
  maxAttempts?: number;
}

const PART_SIZE = 16 * 1024 * 1024;

export class S3Store implements ObjectStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  readonly location: string;
  /** Buckets seen to exist: a 404 on a key there needs no probe of the bucket. */
  private readonly knownBuckets = new Set<string>();

  constructor(opts: S3StoreOptions = {}) {
    const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
    const config: S3ClientConfig = {
      maxAttempts: opts.maxAttempts ?? 5,
      retryMode: 'adaptive',
      ...(opts.region ? { region: opts.region } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      // Emulators and S3-compatible stores address buckets by path, not by host name.
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    };
    if (!config.region && !process.env.AWS_REGION && !process.env.AWS_DEFAULT_REGION) config.region = 'us-east-1';
    this.client = new S3Client(config);
    this.location = endpoint ?? 'AWS S3';
  }

  async putFile(uri: string, path: string, opts: PutOptions = {}): Promise<ObjectInfo> {
    const size = (await stat(path)).size;
    await this.upload(uri, createReadStream(path), opts);
    return { uri, size, ...(opts.sha256 ? { sha256: opts.sha256 } : {}) };
  }

  async putBytes(uri: string, data: Buffer | string, opts: PutOptions = {}): Promise<ObjectInfo> {
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    await this.upload(uri, body, opts);
    return { uri, size: body.length, ...(opts.sha256 ? { sha256: opts.sha256 } : {}) };
  }

  private async upload(uri: string, body: Readable | Buffer, opts: PutOptions): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    const upload = new Upload({
      client: this.client,
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
      params: {
        Bucket: bucket,
        Key: key,
        Body: body,
        ...(opts.contentType ? { ContentType: opts.contentType } : {}),
        ...(opts.sha256 ? { Metadata: { sha256: opts.sha256 } } : {}),
      },
    });
    await this.call(`upload ${uri}`, () => upload.done());
  }

  async openRead(uri: string): Promise<Readable> {
    const { bucket, key } = parseS3Uri(uri);
    const res = await this.call(`read ${uri}`, () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    return res.Body as Readable;
  }

  async getBytes(uri: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await this.openRead(uri)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async getToFile(uri: string, path: string): Promise<ObjectInfo> {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, await this.openRead(uri));
    return { uri, size: (await stat(path)).size };
  }

  async head(uri: string): Promise<ObjectInfo | undefined> {
    const { bucket, key } = parseS3Uri(uri);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const sha256 = res.Metadata?.sha256;
      return { uri, size: res.ContentLength ?? 0, ...(sha256 ? { sha256 } : {}) };
    } catch (err) {
      if (isMissingObject(err)) {
        // HeadObject answers 404 for a missing key and for a missing bucket; the second must
        // still be reported, so the bucket is probed, once per store.
        if (!this.knownBuckets.has(bucket)) {
          await this.call(`list s3://${bucket}`, () =>
            this.client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 })),
          );
          this.knownBuckets.add(bucket);
        }
        return undefined;
      }
      throw this.wrap(`head ${uri}`, err);
    }
  }

  async list(prefixUri: string): Promise<ObjectInfo[]> {
    const { bucket, key } = parseS3Uri(prefixUri);
    const prefix = key.replace(/\/+$/, '');
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const res = await this.call(`list ${prefixUri}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
      );
      for (const o of res.Contents ?? []) {
        if (o.Key !== undefined && relativeKey(prefix, o.Key) !== undefined) {
          out.push({ uri: `s3://${bucket}/${o.Key}`, size: o.Size ?? 0, ...(o.LastModified ? { lastModified: o.LastModified } : {}) });
        }
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  async delete(uri: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    await this.call(`delete ${uri}`, () => this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
  }

  async deletePrefix(prefixUri: string): Promise<number> {
    const objects = await this.list(prefixUri);
    const { bucket } = parseS3Uri(prefixUri);
    for (let i = 0; i < objects.length; i += 1000) {
      const batch = objects.slice(i, i + 1000).map((o) => ({ Key: parseS3Uri(o.uri).key }));
      await this.call(`delete ${prefixUri}`, () =>
        this.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } })),
      );
    }
    return objects.length;
  }

  async downloadPrefix(prefixUri: string, dir: string): Promise<ObjectInfo[]> {
    const { key: prefixKey } = parseS3Uri(prefixUri);
    const objects = await this.list(prefixUri);
    for (const o of objects) {
      await this.getToFile(o.uri, join(dir, relativeKey(prefixKey, parseS3Uri(o.uri).key)!));
    }
    return objects;
  }

  async uploadDirectory(dir: string, prefixUri: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    for (const rel of await walkFiles(dir)) out.push(await this.putFile(joinS3Uri(prefixUri, rel), join(dir, rel)));
    return out;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.wrap(what, err);
    }
  }

  /** AWS's message plus what to do about it (store/aws-errors.ts); NotFoundError for a missing key. */
  private wrap(what: string, err: unknown): Error {
    return toStoreError(err, what, this.location);
  }
}
