/**
 * The inventory's crash-load driver, shared by bench/inventory.ts (1000 registrations, figures)
 * and test/inventory-crash-load.test.ts (a small run, assertions).
 *
 * Each registration is what a pipeline's register step does: upload its model.tar.gz and
 * payload.tar.gz (`POST /v1/artifacts`, distinct bytes per registration), then
 * `POST /v1/registrations`. Clients run `concurrency` at a time. Optionally the server is
 * killed with SIGKILL once `killAfter` registrations were acknowledged (202) and restarted on
 * the same data dir and port; clients keep retrying what was not acknowledged.
 *
 * The idempotency story: every registration carries its own `Idempotency-Key`, fixed before
 * its first attempt and kept across retries and the restart. The server stores the key with a
 * UNIQUE index in the same transaction as the registration (before the 202), so a retry of a
 * registration that was recorded but whose 202 never arrived gets the recorded one back
 * (`Idempotent-Replayed: true`), never a second record. Uploads need no key: they are
 * content-addressed, so a repeated upload is the same object.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createArchive } from '../src/archive/index.js';
import { sampleConfig } from './inventory-sample-request.js';
import type { ServeProcess } from './inventory-helpers.js';

export interface LoadFixture {
  model: Buffer;
  modelSha256: string;
  payload: Buffer;
  payloadSha256: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** `count` distinct model and payload archives, made with sagewire's own archive writer. */
export async function makeLoadFixtures(dir: string, count: number): Promise<LoadFixture[]> {
  await mkdir(dir, { recursive: true });
  const code = Buffer.from('def model_fn(d):\n    return d\n');
  const out: LoadFixture[] = [];
  for (let i = 0; i < count; i++) {
    const modelPath = join(dir, `model-${i}.tar.gz`);
    const payloadPath = join(dir, `payload-${i}.tar.gz`);
    await createArchive({ output: modelPath, files: [{ name: 'model.pth', source: Buffer.from(`weights-${i}`) }, { name: 'code/inference.py', source: code }] });
    await createArchive({
      output: payloadPath,
      files: [
        { name: 'payload_text_csv_0.csv', source: Buffer.from(`${i}.5,FR`) },
        { name: 'payload_application_json_0.json', source: Buffer.from(`{"amount": ${i}.5, "country": "FR"}`) },
      ],
    });
    const model = readFileSync(modelPath);
    const payload = readFileSync(payloadPath);
    out.push({ model, modelSha256: sha256(model), payload, payloadSha256: sha256(payload) });
  }
  return out;
}

export interface LoadOptions {
  fixtures: LoadFixture[];
  /** Clients at once. */
  concurrency: number;
  dataDir: string;
  /** Starts the server on the data dir; port 0 the first time, the same port on restart. */
  start: (dataDir: string, port: number) => Promise<ServeProcess>;
  /** Kill -9 the server once this many registrations got their 202 (none: no kill). */
  killAfter?: number;
  /** Models the registrations are spread over (their versions number 1..n each). */
  models?: number;
  /** Check every version's bytes through `GET .../artifact` and `/payload` (default true). */
  checkBytes?: boolean;
  /** Give up on a registration after this long (ms, default 180 s). */
  deadlineMs?: number;
  /** Give up waiting for REGISTERED/FAILED after this long from the first request (ms, default 20 min). */
  terminalTimeoutMs?: number;
}

export interface LoadResult {
  count: number;
  acknowledged: number;
  /** Acknowledged on a retry with `Idempotent-Replayed: true` (recorded before the kill, its 202 lost). */
  replayed: number;
  /** Attempts that failed on the connection or with 5xx and were retried. */
  retries: number;
  refused: string[];
  killedAfter?: number;
  /** Entries in work/ the kill left behind (cleaned at restart). */
  workLeftAtKill?: number;
  /** From the kill to the new server listening. */
  restartMs?: number;
  beforeKill: { acks: number; ms: number };
  afterRestart: { acks: number; ms: number };
  latency: { p50: number; p95: number; max: number };
  /** Until every acknowledged registration reached REGISTERED/FAILED, from the first request. */
  allTerminalMs: number;
  rssPeakMiB: { first: number; second?: number };
  registered: number;
  failed: string[];
  /** Acknowledged ids missing from the records after everything. */
  lost: number;
  /**
   * Registration rows beyond one per registration (or without a key the clients sent), and
   * versions beyond one per registration.
   */
  duplicatedRegistrations: number;
  duplicatedVersions: number;
  /** Versions whose recorded sha256 differs from what the client uploaded or whose bytes differ. */
  badBytes: string[];
  /** Models whose version numbers are not exactly 1..n. */
  badVersionNumbers: string[];
  integrity: string;
  workLeftAtEnd: number;
  uploadsKept: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function rssMiB(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function entries(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).length : 0;
}

class Refused extends Error {}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const { fixtures } = opts;
  const count = fixtures.length;
  const models = opts.models ?? 10;
  const deadlineMs = opts.deadlineMs ?? 180_000;
  let serve = await opts.start(opts.dataDir, 0);
  const url = serve.url;
  const port = Number(new URL(url).port);
  const rss = { first: 0, second: 0 };
  let restarted = false;
  const sampler = setInterval(() => {
    const v = rssMiB(serve.proc.pid);
    if (restarted) rss.second = Math.max(rss.second, v);
    else rss.first = Math.max(rss.first, v);
  }, 50);

  let acks = 0;
  let replayed = 0;
  let retries = 0;
  const refused: string[] = [];
  const latencies: number[] = [];
  const ids: Array<string | undefined> = new Array(count);
  let killedAt: number | undefined;
  let killedAfter: number | undefined;
  let readyAt: number | undefined;
  let workLeftAtKill: number | undefined;
  let restarting: Promise<void> | undefined;

  const killAndRestart = () => {
    killedAfter = acks;
    killedAt = performance.now();
    const dead = serve;
    dead.proc.kill('SIGKILL');
    restarting = (async () => {
      if (dead.proc.exitCode === null && dead.proc.signalCode === null) await new Promise((r) => dead.proc.once('exit', r));
      workLeftAtKill = entries(join(opts.dataDir, 'work'));
      restarted = true;
      serve = await opts.start(opts.dataDir, port);
      readyAt = performance.now();
    })();
  };

  /** One HTTP exchange, retried on connection errors and 5xx until the deadline; 4xx is final. */
  async function attempt(path: string, init: RequestInit, started: number): Promise<Response> {
    for (;;) {
      try {
        const res = await fetch(`${url}${path}`, init);
        if (res.ok) return res;
        const text = await res.text();
        if (res.status < 500) throw new Refused(`${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
      } catch (err) {
        if (err instanceof Refused) throw err;
      }
      retries++;
      if (performance.now() - started > deadlineMs) throw new Refused(`${path}: no answer within ${deadlineMs} ms`);
      await sleep(25 + Math.random() * 75);
    }
  }

  async function registerOne(i: number): Promise<void> {
    const f = fixtures[i]!;
    const started = performance.now();
    const upload = async (bytes: Buffer, sha: string) => {
      const res = await attempt('/v1/artifacts', { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-content-sha256': sha }, body: bytes }, started);
      return ((await res.json()) as { uri: string }).uri;
    };
    const modelUri = await upload(f.model, f.modelSha256);
    const payloadUri = await upload(f.payload, f.payloadSha256);
    const body = JSON.stringify({
      ...sampleConfig({ model_objective: `load_${i % models}` }),
      model_artifact_uri: modelUri,
      payload_artifact_uri: payloadUri,
      performance_metadata: { i },
    });
    const res = await attempt(
      '/v1/registrations',
      { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `load-${i}` }, body },
      started,
    );
    ids[i] = ((await res.json()) as { registrationId: string }).registrationId;
    if (res.headers.get('idempotent-replayed') === 'true') replayed++;
    latencies.push(performance.now() - started);
    acks++;
    if (opts.killAfter !== undefined && acks === opts.killAfter) killAndRestart();
  }

  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        try {
          await registerOne(i);
        } catch (err) {
          refused.push(`#${i}: ${(err as Error).message}`);
        }
      }
    }),
  );
  const tEnd = performance.now();
  await restarting;

  // every acknowledged registration runs to REGISTERED or FAILED
  const acked = ids.filter((id): id is string => id !== undefined);
  const statuses = new Map<string, { status: string; reason: string | null; modelId: string; modelVersion: number | null }>();
  for (;;) {
    for (const id of acked) {
      if (statuses.has(id)) continue;
      const res = await fetch(`${url}/v1/registrations/${id}`);
      if (!res.ok) continue;
      const r = (await res.json()) as { status: string; reason: string | null; modelId: string; modelVersion: number | null };
      if (r.status === 'REGISTERED' || r.status === 'FAILED') statuses.set(id, r);
    }
    if (statuses.size === acked.length || performance.now() - t0 > (opts.terminalTimeoutMs ?? 1_200_000)) break;
    await sleep(200);
  }
  const allTerminalMs = performance.now() - t0;
  const failed = [...statuses].filter(([, r]) => r.status === 'FAILED').map(([id, r]) => `${id}: ${r.reason}`);

  // the bytes: recorded sha256 = uploaded sha256 = sha256 of what the inventory serves back
  const badBytes: string[] = [];
  if (opts.checkBytes ?? true) {
    let k = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = k++; i < count; i = k++) {
          const r = ids[i] ? statuses.get(ids[i]!) : undefined;
          if (!r || r.status !== 'REGISTERED') continue;
          const base = `${url}/v1/models/${r.modelId}/versions/${r.modelVersion}`;
          const v = (await (await fetch(base)).json()) as { artifactSha256: string; payloadSha256: string | null };
          const model = Buffer.from(await (await fetch(`${base}/artifact`)).arrayBuffer());
          const payload = Buffer.from(await (await fetch(`${base}/payload`)).arrayBuffer());
          const f = fixtures[i]!;
          if (v.artifactSha256 !== f.modelSha256 || sha256(model) !== f.modelSha256) badBytes.push(`#${i} model`);
          if (v.payloadSha256 !== f.payloadSha256 || sha256(payload) !== f.payloadSha256) badBytes.push(`#${i} payload`);
        }
      }),
    );
  }
  clearInterval(sampler);
  await serve.stop();

  // the records, read after a clean stop
  const db = new Database(join(opts.dataDir, 'inventory.db'), { readonly: true });
  let integrity: string;
  let rows: Array<{ id: string; key: string | null }>;
  let versions: Array<{ model_id: string; version: number; registration_id: string }>;
  try {
    integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join(', ');
    rows = db.prepare('SELECT id, idempotency_key AS key FROM registrations').all() as typeof rows;
    versions = db.prepare('SELECT model_id, version, registration_id FROM model_versions ORDER BY model_id, version').all() as typeof versions;
  } finally {
    db.close();
  }
  const rowIds = new Set(rows.map((r) => r.id));
  const byModel = new Map<string, number[]>();
  for (const v of versions) byModel.set(v.model_id, [...(byModel.get(v.model_id) ?? []), v.version]);
  const badVersionNumbers = [...byModel].filter(([, vs]) => vs.some((v, j) => v !== j + 1)).map(([m, vs]) => `${m}: ${vs.join(',')}`);
  const beforeEnd = killedAt ?? tEnd;
  const sorted = [...latencies].sort((a, b) => a - b);
  const uploadsDir = join(opts.dataDir, 'artifacts', 'inventory', 'artifacts');
  return {
    count,
    acknowledged: acked.length,
    replayed,
    retries,
    refused,
    ...(killedAfter !== undefined ? { killedAfter } : {}),
    ...(workLeftAtKill !== undefined ? { workLeftAtKill } : {}),
    ...(readyAt !== undefined && killedAt !== undefined ? { restartMs: readyAt - killedAt } : {}),
    beforeKill: { acks: killedAfter ?? acked.length, ms: beforeEnd - t0 },
    afterRestart: { acks: acked.length - (killedAfter ?? acked.length), ms: readyAt !== undefined ? tEnd - readyAt : 0 },
    latency: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? NaN },
    allTerminalMs,
    rssPeakMiB: { first: rss.first, ...(restarted ? { second: rss.second } : {}) },
    registered: [...statuses.values()].filter((r) => r.status === 'REGISTERED').length,
    failed,
    lost: acked.filter((id) => !rowIds.has(id)).length,
    duplicatedRegistrations: Math.max(0, rows.length - count) + rows.filter((r) => !/^load-\d+$/.test(r.key ?? '')).length,
    duplicatedVersions: versions.length - new Set(versions.map((v) => v.registration_id)).size + Math.max(0, versions.length - count),
    badBytes,
    badVersionNumbers,
    integrity,
    workLeftAtEnd: entries(join(opts.dataDir, 'work')),
    uploadsKept: entries(uploadsDir),
  };
}
