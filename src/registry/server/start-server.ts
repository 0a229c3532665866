/**
 * Starts the inventory: records in `<dataDir>/inventory.db`, artifacts in the data dir (or an
 * S3 prefix), the workflow (resuming unfinished registrations), and the HTTP server.
 */
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { InventoryError } from '../../errors.js';
import { storeFromEnv, type ObjectStore } from '../../store/index.js';
import { openRecordStore } from '../records/record-store.js';
import { dataDirArtifactStore, s3ArtifactStore, type ArtifactStore } from '../workflow/artifact-store.js';
import { RegistrationWorkflow } from '../workflow/registration-workflow.js';
import { createApp } from './create-app.js';
import type { InventoryToken } from './tokens.js';

export interface InventoryServerOptions {
  /** Records (`inventory.db`), staged downloads and (by default) artifacts live here. */
  dataDir: string;
  /** Default 127.0.0.1. Any other address needs tokens. */
  host?: string;
  /** Default 0: a free port (see the returned `url`). */
  port?: number;
  /** Bearer tokens; without them the API is open and only loopback hosts are allowed. */
  tokens?: InventoryToken[];
  /** Where callers' artifact URIs are read from. Default: `storeFromEnv(process.env)`. */
  sourceStore?: ObjectStore;
  /** Where the inventory keeps its copies: an `s3://bucket/prefix` (AWS chain) or a store. Default: the data dir. */
  artifactStore?: ArtifactStore | string;
  /** Registrations validated at once (default 4). */
  concurrency?: number;
  maxBodyBytes?: number;
  /** Log lines (start, recovery, each finished registration). Default: none. */
  log?: (line: string) => void;
}

export interface InventoryServer {
  /** e.g. `http://127.0.0.1:8479` (no trailing slash). */
  url: string;
  /** How many unfinished registrations were resumed at start. */
  recovered: number;
  /** Stops accepting requests, lets running validations finish, closes the database. */
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startInventoryServer(opts: InventoryServerOptions): Promise<InventoryServer> {
  const host = opts.host ?? '127.0.0.1';
  if ((!opts.tokens || opts.tokens.length === 0) && !isLoopback(host)) {
    throw new InventoryError(
      `refusing to listen on ${host} without a token file: the API would be open to the network. ` +
        'Pass --token-file <file> (lines "<reader|writer> <token>") or bind 127.0.0.1',
    );
  }
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const records = openRecordStore(join(dataDir, 'inventory.db'));
  const artifactStore =
    typeof opts.artifactStore === 'string' ? s3ArtifactStore(opts.artifactStore) : (opts.artifactStore ?? dataDirArtifactStore(dataDir));
  const log = opts.log ?? (() => {});
  const workflow = new RegistrationWorkflow({
    records,
    sourceStore: opts.sourceStore ?? storeFromEnv(process.env),
    artifactStore,
    workDir: join(dataDir, 'work'),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    onFinished: (id, status, reason) => log(`${id} ${status}${reason ? `: ${reason.split('\n')[0]}` : ''}`),
  });
  const app = createApp({
    records,
    onAccepted: (id) => workflow.enqueue(id),
    ...(opts.tokens ? { tokens: opts.tokens } : {}),
    ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
  });

  let server: ServerType;
  const address = await new Promise<AddressInfo>((resolveListen, reject) => {
    server = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 0 }, (info) => resolveListen(info));
    server.once('error', reject);
  });
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  const recovered = workflow.recover();
  log(`listening on ${url} (data ${dataDir}; artifacts ${artifactStore.prefix} in ${artifactStore.store.location})`);
  if (recovered > 0) log(`resuming ${recovered} unfinished registration(s)`);

  let closing: Promise<void> | undefined;
  return {
    url,
    recovered,
    close() {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await workflow.close();
        records.close();
      })();
      return closing;
    },
  };
}
