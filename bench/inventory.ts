/**
 * Inventory load and crash benchmark (not a test; run with `npm run bench:inventory`).
 *
 * 1. Load: N concurrent registrations (default 1000, `--count`) against a real
 *    `sagewire inventory serve` process; every one must get a 202 and reach REGISTERED, with
 *    N distinct registrations and N distinct model versions (0 lost, 0 duplicated).
 *    Baseline, measured in the same run: the same N records written straight into the record
 *    store (same SQLite durability, no HTTP, no validation); the ratio is the cost of the service.
 * 2. Crash: N concurrent registrations again, `kill -9` of the server once a third of them got
 *    their 202; then `PRAGMA integrity_check`, a restart, and every registration that got a 202
 *    must be there and reach a terminal state. The requests that got no answer are sent again
 *    with their Idempotency-Key: none may be recorded twice.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InventoryClient } from '../src/registry/client/inventory-client.js';
import { registrationRequestSchema } from '../src/registry/model/request-schema.js';
import { RecordStore } from '../src/registry/records/record-store.js';
import { writeModelPackage } from '../test/inventory-fixtures.js';
import { sampleRequest } from '../test/inventory-sample-request.js';
import { openStore } from '../src/store/index.js';
import { startServe, type ServeProcess } from '../test/inventory-helpers.js';
import { isTerminal } from '../src/registry/model/records.js';

const COUNT = Number(process.argv[process.argv.indexOf('--count') + 1] || 0) || 1000;
const dir = mkdtempSync(join(tmpdir(), 'sagewire-bench-inventory-'));
const storeRoot = join(dir, 'store');
const env = { SAGEWIRE_LOCAL_STORE: storeRoot };
const MODEL_URI = 's3://bench-bucket/tmp/model.tar.gz';

const requestFor = (run: string, i: number) => sampleRequest({ model_artifact_uri: MODEL_URI, performance_metadata: { run, i } });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface PostResult {
  key: string;
  registrationId?: string;
  status?: number;
  error?: string;
  ms: number;
}

async function post(url: string, key: string, body: unknown): Promise<PostResult> {
  const started = performance.now();
  try {
    const res = await fetch(`${url}/v1/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { registrationId?: string };
    return { key, status: res.status, ...(json.registrationId ? { registrationId: json.registrationId } : {}), ms: performance.now() - started };
  } catch (err) {
    return { key, error: (err as Error).message, ms: performance.now() - started };
  }
}

function dbCounts(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join(', ');
    const rows = db.prepare('SELECT id, idempotency_key AS key, status FROM registrations').all() as Array<{ id: string; key: string; status: string }>;
    const versions = db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS d FROM model_versions').get() as { n: number; d: number };
    return { integrity, rows, versions };
  } finally {
    db.close();
  }
}

async function waitTerminal(dbPath: string, ids: string[], timeoutMs = 300_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { rows } = dbCounts(dbPath);
    const status = new Map(rows.map((r) => [r.id, r.status]));
    if (ids.every((id) => isTerminal(status.get(id)))) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error('registrations did not reach a terminal state in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function baseline(): number {
  const records = new RecordStore(join(dir, 'baseline.db'));
  const started = performance.now();
  for (let i = 0; i < COUNT; i++) records.createRegistration(registrationRequestSchema.parse(requestFor('baseline', i)), `baseline-${i}`);
  const ms = performance.now() - started;
  records.close();
  return ms;
}

async function loadPhase(): Promise<void> {
  const dataDir = join(dir, 'load');
  const serve = await startServe(['--data-dir', dataDir], env);
  try {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: COUNT }, (_, i) => post(serve.url, `load-${i}`, requestFor('load', i))));
    const acceptMs = performance.now() - started;
    const accepted = results.filter((r) => r.status === 202);
    const ids = accepted.map((r) => r.registrationId!);
    const terminalMs = await waitTerminal(join(dataDir, 'inventory.db'), ids);
    const { rows, versions } = dbCounts(join(dataDir, 'inventory.db'));
    const registered = rows.filter((r) => r.status === 'REGISTERED').length;
    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    const baseMs = baseline();
    console.log(`load: ${COUNT} concurrent registrations`);
    console.log(`  202 accepted        ${accepted.length}/${COUNT} (other answers: ${COUNT - accepted.length})`);
    console.log(`  accept time         ${acceptMs.toFixed(0)} ms (${((COUNT / acceptMs) * 1000).toFixed(0)} req/s); POST latency p50 ${percentile(lat, 50).toFixed(0)} ms, p99 ${percentile(lat, 99).toFixed(0)} ms`);
    console.log(`  all terminal after  ${(terminalMs / 1000).toFixed(1)} s more; REGISTERED ${registered}, FAILED ${rows.length - registered}`);
    console.log(`  lost ${ids.filter((id) => !rows.some((r) => r.id === id)).length}, duplicated ${rows.length - new Set(rows.map((r) => r.key)).size}, rows ${rows.length}, versions ${versions.n} (distinct ${versions.d})`);
    console.log(`  baseline: ${COUNT} direct record-store inserts ${baseMs.toFixed(0)} ms (${((COUNT / baseMs) * 1000).toFixed(0)}/s); service accept time / baseline = ${(acceptMs / baseMs).toFixed(2)}x`);
  } finally {
    await serve.stop();
  }
}

async function crashPhase(): Promise<void> {
  const dataDir = join(dir, 'crash');
  const dbPath = join(dataDir, 'inventory.db');
  let serve: ServeProcess = await startServe(['--data-dir', dataDir], env);
  let answered = 0;
  let killedAt = -1;
  const results = await Promise.all(
    Array.from({ length: COUNT }, (_, i) =>
      post(serve.url, `crash-${i}`, requestFor('crash', i)).then((r) => {
        if (r.status === 202 && ++answered === Math.floor(COUNT / 3) && killedAt < 0) {
          killedAt = answered;
          serve.proc.kill('SIGKILL');
        }
        return r;
      }),
    ),
  );
  await new Promise<void>((r) => (serve.proc.exitCode !== null || serve.proc.signalCode !== null ? r() : serve.proc.once('exit', () => r())));
  const accepted = results.filter((r) => r.status === 202);
  const unanswered = results.filter((r) => r.status === undefined);
  const before = dbCounts(dbPath);
  const pendingAtKill = before.rows.filter((r) => r.status === 'PENDING' || r.status === 'VALIDATING').length;

  const restartStarted = performance.now();
  serve = await startServe(['--data-dir', dataDir], env);
  const restartMs = performance.now() - restartStarted;
  try {
    const ids = accepted.map((r) => r.registrationId!);
    const afterRestart = dbCounts(dbPath);
    const lost = ids.filter((id) => !afterRestart.rows.some((r) => r.id === id)).length;
    // Resend what got no answer, with the same keys: recorded ones replay, the rest are new.
    const client = new InventoryClient(serve.url);
    let replayed = 0;
    const resent: string[] = [];
    for (const r of unanswered) {
      const wasRecorded = afterRestart.rows.some((row) => row.key === r.key);
      const again = await client.register(requestFor('crash', Number(r.key.slice('crash-'.length))), r.key);
      resent.push(again.registrationId);
      if (wasRecorded) replayed++;
    }
    const terminalMs = await waitTerminal(dbPath, [...ids, ...resent]);
    const final = dbCounts(dbPath);
    const registered = final.rows.filter((r) => r.status === 'REGISTERED').length;
    console.log(`crash: ${COUNT} concurrent registrations, kill -9 after ${killedAt} answers`);
    console.log(`  202 before kill     ${accepted.length}; no answer ${unanswered.length}; other ${COUNT - accepted.length - unanswered.length}`);
    console.log(`  integrity_check     after kill: ${before.integrity}; after recovery: ${final.integrity}`);
    console.log(`  rows after kill     ${before.rows.length} (${pendingAtKill} PENDING/VALIDATING, resumed at restart; restart took ${restartMs.toFixed(0)} ms)`);
    console.log(`  202s lost           ${lost} of ${ids.length}`);
    console.log(`  resent unanswered   ${unanswered.length} (${replayed} were already recorded and replayed, ${unanswered.length - replayed} new)`);
    console.log(`  all terminal after  ${(terminalMs / 1000).toFixed(1)} s; rows ${final.rows.length}, REGISTERED ${registered}, FAILED ${final.rows.length - registered}`);
    console.log(`  duplicated          ${final.rows.length - new Set(final.rows.map((r) => r.key)).size} (rows ${final.rows.length} for ${COUNT} keys)`);
  } finally {
    await serve.stop();
  }
}

try {
  await openStore({ root: storeRoot }).putFile(MODEL_URI, await writeModelPackage(join(dir, 'fixture')));
  await loadPhase();
  await crashPhase();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
