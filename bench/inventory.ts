/**
 * Inventory load and crash benchmark (not a test; `npm run bench:inventory`, which builds first).
 *
 * Ours: `--count` (default 1000) registrations, `--concurrency` (default 64) clients at a time,
 * each uploading its own model.tar.gz and payload.tar.gz (`POST /v1/artifacts`, distinct bytes
 * made by sagewire's archive writer) and then registering them, against the built
 * `sagewire inventory serve` on a fresh data dir. Once 40% got their 202 the server is killed
 * with SIGKILL and restarted on the same data dir and port; the clients retry what got no 202
 * with the same Idempotency-Key (see test/inventory-load.ts for the idempotency story).
 * Checked: every acknowledged registration recorded exactly once and REGISTERED, every
 * version's bytes equal to what was uploaded (sha256 of what `GET .../artifact` serves),
 * `PRAGMA integrity_check`, nothing left in work/.
 *
 * Baseline, in the same run: the same kind of registrations done one after another by a single
 * client on its own fresh server (min(count, 200) of them). It is what a pipeline's register
 * step costs alone; the ratio says what group commit and concurrent handling buy under load.
 * (A raw SQLite insert rate would say little: a registration is two streamed, hashed uploads
 * plus one fsync'd record, and the fsync is shared by a whole group.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startServe } from '../test/inventory-helpers.js';
import { makeLoadFixtures, runLoad, type LoadResult } from '../test/inventory-load.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const MAIN = process.env.BENCH_MAIN ?? join(ROOT, 'dist', 'cli', 'main.js');
const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = flag('--count', 1000);
const CONCURRENCY = flag('--concurrency', 64);
const SEQUENTIAL = Math.min(COUNT, flag('--sequential', 200));

const dir = mkdtempSync(join(tmpdir(), 'sagewire-bench-inventory-'));
const start = (dataDir: string, port: number) => startServe(['--data-dir', dataDir], {}, { port, main: MAIN });
const perSecond = (n: number, ms: number) => (ms > 0 ? (n / ms) * 1000 : NaN);
const f0 = (n: number) => n.toFixed(0);

function checks(r: LoadResult): string {
  return (
    `acknowledged ${r.acknowledged}/${r.count}, refused ${r.refused.length}, REGISTERED ${r.registered}, FAILED ${r.failed.length}; ` +
    `lost ${r.lost}, duplicated ${r.duplicatedRegistrations} registrations / ${r.duplicatedVersions} versions, ` +
    `bad bytes ${r.badBytes.length}, bad version numbers ${r.badVersionNumbers.length}; integrity_check ${r.integrity}; ` +
    `work/ left ${r.workLeftAtEnd}; uploads kept ${r.uploadsKept}`
  );
}

try {
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  let t = performance.now();
  const fixtures = await makeLoadFixtures(join(dir, 'fixtures'), COUNT);
  console.log(`fixtures: ${COUNT} distinct model + payload archives in ${f0(performance.now() - t)} ms`);

  t = performance.now();
  const seq = await runLoad({ fixtures: fixtures.slice(0, SEQUENTIAL), concurrency: 1, dataDir: join(dir, 'sequential'), start });
  const seqRate = perSecond(seq.acknowledged, seq.beforeKill.ms);
  console.log(`baseline: ${SEQUENTIAL} registrations one after another (1 client, no kill)`);
  console.log(`  ${f0(seq.beforeKill.ms)} ms: ${seqRate.toFixed(1)} registrations/s; latency p50 ${f0(seq.latency.p50)} ms, p95 ${f0(seq.latency.p95)} ms; server RSS peak ${f0(seq.rssPeakMiB.first)} MiB`);
  console.log(`  ${checks(seq)}`);

  const r = await runLoad({ fixtures, concurrency: CONCURRENCY, killAfter: Math.floor(COUNT * 0.4), dataDir: join(dir, 'crash'), start });
  const before = perSecond(r.beforeKill.acks, r.beforeKill.ms);
  const after = perSecond(r.afterRestart.acks, r.afterRestart.ms);
  console.log(`ours: ${COUNT} registrations, ${CONCURRENCY} clients at a time, kill -9 after ${r.killedAfter} acknowledged`);
  console.log(`  before the kill  ${r.beforeKill.acks} in ${f0(r.beforeKill.ms)} ms: ${before.toFixed(1)} registrations/s; server RSS peak ${f0(r.rssPeakMiB.first)} MiB`);
  console.log(`  restart          ${f0(r.restartMs ?? NaN)} ms from SIGKILL to listening; work/ entries the kill left: ${r.workLeftAtKill}`);
  console.log(`  after restart    ${r.afterRestart.acks} in ${f0(r.afterRestart.ms)} ms: ${after.toFixed(1)} registrations/s; server RSS peak ${f0(r.rssPeakMiB.second ?? NaN)} MiB`);
  console.log(`  202 latency      p50 ${f0(r.latency.p50)} ms, p95 ${f0(r.latency.p95)} ms, max ${f0(r.latency.max)} ms (2 uploads + 1 registration, retries included)`);
  console.log(`  retried          ${r.retries} attempts; ${r.replayed} acknowledged as Idempotent-Replayed (recorded before the kill, 202 lost)`);
  console.log(`  terminal         ${r.registered + r.failed.length} of ${r.acknowledged} after ${(r.allTerminalMs / 1000).toFixed(1)} s from the first request (validation runs 4 at a time)`);
  console.log(`  ${checks(r)}`);
  console.log(`ratio: concurrent before the kill / sequential = ${(before / seqRate).toFixed(2)}x registrations/s`);
  for (const line of [...r.refused, ...r.failed, ...r.badBytes, ...r.badVersionNumbers].slice(0, 10)) console.log(`  ! ${line}`);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const ok =
    r.acknowledged === COUNT && r.registered === COUNT && r.lost === 0 && r.duplicatedRegistrations === 0 && r.duplicatedVersions === 0 && r.integrity === 'ok' && r.badBytes.length === 0 && r.workLeftAtEnd === 0;
  if (!ok) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
