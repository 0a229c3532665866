/**
 * Starts the inventory: records in `<dataDir>/inventory.db`, artifacts in the data dir (or an
 * S3 prefix), the workflow (resuming unfinished registrations), and the HTTP server.
 */
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { InventoryError } from '../../errors.js';
import { storeFromEnv, type ObjectStore } from '../../store/index.js';
import { DatabaseBusyError, RecordStore } from '../records/record-store.js';
import { dataDirArtifactStore, s3ArtifactStore, type ArtifactStore } from '../workflow/artifact-store.js';
import { collectUploads, DEFAULT_UPLOAD_RETENTION_MS } from '../workflow/collect-uploads.js';
import { RegistrationWorkflow } from '../workflow/registration-workflow.js';
import { removeTempFiles } from '../workflow/remove-temp-files.js';
import { createApp } from './create-app.js';
import { IamVerifier } from './iam-verify.js';
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
  /** IAM identities: the STS endpoint to forward them to (default AWS's), and this server's signed name (default host:port). */
  iam?: { stsEndpoint?: string; serverId?: string };
  /** Upload limit of `POST /v1/artifacts` (default 20 GiB). */
  maxArtifactBytes?: number;
  /** Unused uploads older than this are collected (default 24 h; see collect-uploads.ts). */
  uploadRetentionMs?: number;
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

/** Names the process holding the data dir, for the refusal message of a second server. */
const PID_FILE = 'inventory.pid';

/** The data dir's records, held exclusively: one server per data dir. */
function openExclusively(dataDir: string): RecordStore {
  try {
    return new RecordStore(join(dataDir, 'inventory.db'), { exclusive: true });
  } catch (err) {
    if (!(err instanceof DatabaseBusyError)) throw err;
    let holder = 'another process';
    try {
      const pid = Number(readFileSync(join(dataDir, PID_FILE), 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) holder = `process ${pid}`;
    } catch {
      // no pid file yet: the holder is still starting
    }
    throw new InventoryError(
      `data dir ${dataDir} is in use by another inventory server (${holder}); stop it first or give another --data-dir`,
      [],
      { status: 423, cause: err },
    );
  }
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
  const records = openExclusively(dataDir);
  const pidFile = join(dataDir, PID_FILE);
  writeFileSync(pidFile, `${process.pid}\n`);
  const workDir = join(dataDir, 'work');
  // what registrations killed mid-way left behind (their records are resumed below)
  rmSync(workDir, { recursive: true, force: true });
  const artifactStore =
    typeof opts.artifactStore === 'string' ? s3ArtifactStore(opts.artifactStore) : (opts.artifactStore ?? dataDirArtifactStore(dataDir));
  // temp files of writes a kill interrupted inside the data dir's own artifact folder
  if (opts.artifactStore === undefined) removeTempFiles(join(dataDir, 'artifacts'));
  const sourceStore = opts.sourceStore ?? storeFromEnv(process.env);
  const log = opts.log ?? (() => {});
  const workflow = new RegistrationWorkflow({
    records,
    sourceStore,
    artifactStore,
    workDir,
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    onFinished: (id, status, reason) => log(`${id} ${status}${reason ? `: ${reason.split('\n')[0]}` : ''}`),
    redact: { [dataDir]: '<data-dir>', [sourceStore.location]: '<source store>', [artifactStore.store.location]: '<artifact store>' },
  });
  let serverId = opts.iam?.serverId ?? '';
  const app = createApp({
    records,
    onAccepted: (id) => workflow.enqueue(id),
    ...(opts.tokens ? { tokens: opts.tokens } : {}),
    ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    iam: new IamVerifier({ serverId: () => serverId, ...(opts.iam?.stsEndpoint ? { stsEndpoint: opts.iam.stsEndpoint } : {}) }),
    uploads: { artifactStore, workDir, ...(opts.maxArtifactBytes ? { maxBytes: opts.maxArtifactBytes } : {}) },
  });

  let server: ServerType;
  let address: AddressInfo;
  try {
    address = await new Promise<AddressInfo>((resolveListen, reject) => {
      server = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 0 }, (info) => resolveListen(info));
      server.once('error', reject);
    });
  } catch (err) {
    records.close();
    rmSync(pidFile, { force: true });
    throw err;
  }
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  if (!serverId) serverId = `${hostForUrl}:${address.port}`;
  const recovered = workflow.recover();
  log(`listening on ${url} (data ${dataDir}; artifacts ${artifactStore.prefix} in ${artifactStore.store.location})`);
  if (recovered > 0) log(`resuming ${recovered} unfinished registration(s)`);
  const retentionMs = opts.uploadRetentionMs ?? DEFAULT_UPLOAD_RETENTION_MS;
  let collecting: Promise<void> = Promise.resolve();
  const collect = () => {
    collecting = collecting
      .then(() => (records.db.open ? collectUploads(records, artifactStore, retentionMs) : undefined))
      .then((c) => {
        if (c && c.deleted > 0) log(`collected ${c.deleted} unused upload(s) older than ${retentionMs / 3600_000} h (${c.bytes} bytes)`);
      })
      .catch((err: unknown) => log(`upload collection failed: ${(err as Error).message}`));
  };
  collect();
  const collector = setInterval(collect, Math.min(retentionMs, 3600_000));
  collector.unref();

  let closing: Promise<void> | undefined;
  return {
    url,
    recovered,
    close() {
      closing ??= (async () => {
        clearInterval(collector);
        await new Promise<void>((done) => {
          server.close(() => done());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await workflow.close();
        await collecting;
        records.close();
        rmSync(pidFile, { force: true });
      })();
      return closing;
    },
  };
}
