/**
 * `POST /v1/artifacts`: a caller sends the bytes of a model.tar.gz or payload.tar.gz to the
 * inventory itself (no store shared with it). The body streams to a file in the work folder
 * while its sha256 and size are computed; it must match `X-Content-SHA256` when given and
 * stay under the upload limit (apart from the JSON body limit). The answer names it
 * `inventory://artifacts/<sha256>`, which registrations may use as an artifact URI.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Hono, type Context } from 'hono';
import { IncomingMessage } from 'node:http';
import { ConfigError, InventoryError } from '../../errors.js';
import { FolderStore } from '../../store/index.js';
import { inventoryArtifactUri } from '../model/artifact-uri.js';
import { uploadStoreUri, type ArtifactStore } from '../workflow/artifact-store.js';

/** Default upload limit: 20 GiB (a model.tar.gz, not a JSON body). */
export const DEFAULT_MAX_ARTIFACT_BYTES = 20 * 1024 ** 3;

export const CONTENT_SHA256_HEADER = 'x-content-sha256';

export interface UploadOptions {
  artifactStore: ArtifactStore;
  /** Temporary files of uploads in flight (removed when done, and at start). */
  workDir: string;
  maxBytes?: number;
}

export interface UploadedArtifact {
  uri: string;
  sha256: string;
  size: number;
}

class TooLarge extends Error {}

/** Hashes and counts what passes through; fails past `maxBytes`. */
function hashingLimit(maxBytes: number) {
  const hash = createHash('sha256');
  let size = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new TooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { transform, result: () => ({ sha256: hash.digest('hex'), size }) };
}

/**
 * Keeps the received file as the upload: renamed into a folder store (no copy; the temp file is
 * in the work folder, so a kill leaves nothing half-written in the store), else put. An upload
 * that exists is replaced by the same bytes, so its age (which upload collection goes by)
 * counts from the latest upload of them.
 */
async function keepUpload(artifactStore: ArtifactStore, target: string, temp: string, sha256: string): Promise<void> {
  const file = await open(temp, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  const { store } = artifactStore;
  if (store instanceof FolderStore && (await store.adoptFile(target, temp))) return;
  await store.putFile(target, temp, { sha256 });
}

/** Writes of the received file (the default 16 KiB makes a 1 GiB upload 65536 writes). */
const WRITE_CHUNK = 1024 * 1024;

/**
 * The request body as a node stream: node's own request when served by @hono/node-server
 * (its `env.incoming`, untouched until here), which skips the web-stream layer that
 * `c.req.raw.body` puts over it (most of a 1 GiB upload's CPU); the web body otherwise.
 */
function requestBody(c: Context): Readable | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming instanceof IncomingMessage && !incoming.readableDidRead) return incoming;
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as WebReadableStream) : undefined;
}

export function artifactRoutes(opts: UploadOptions): Hono {
  const app = new Hono();
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;

  app.post('/', async (c) => {
    const expected = c.req.header(CONTENT_SHA256_HEADER)?.toLowerCase();
    if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
      throw new ConfigError(`${CONTENT_SHA256_HEADER} header: expected 64 hex digits (the sha256 of the body)`);
    }
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > maxBytes) throw new InventoryError(`artifact of ${declared} bytes is over the upload limit of ${maxBytes} bytes`, [], { status: 413 });
    const body = requestBody(c);
    if (!body) throw new ConfigError('request body: empty; expected the bytes of the artifact');
    await mkdir(opts.workDir, { recursive: true });
    const temp = join(opts.workDir, `upload-${randomUUID()}`);
    try {
      const counter = hashingLimit(maxBytes);
      try {
        await pipeline(body, counter.transform, createWriteStream(temp, { flags: 'wx', highWaterMark: WRITE_CHUNK }));
      } catch (err) {
        if (err instanceof TooLarge) throw new InventoryError(`artifact is over the upload limit of ${maxBytes} bytes`, [], { status: 413 });
        throw err;
      }
      const { sha256, size } = counter.result();
      if (size === 0) throw new ConfigError('request body: empty; expected the bytes of the artifact');
      if (expected !== undefined && expected !== sha256) {
        throw new InventoryError(`the body's sha256 is ${sha256}, not the ${expected} that ${CONTENT_SHA256_HEADER} announced: nothing was kept`, [], { status: 400 });
      }
      await keepUpload(opts.artifactStore, uploadStoreUri(opts.artifactStore, sha256), temp, sha256);
      const answer: UploadedArtifact = { uri: inventoryArtifactUri(sha256), sha256, size };
      return c.json(answer, 201);
    } finally {
      await rm(temp, { force: true });
    }
  });
  return app;
}
