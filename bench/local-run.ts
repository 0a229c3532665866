/**
 * Local-run benchmark (on demand: `npm run bench:local-run`).
 *
 * Ours: the demo pipeline (DummyTraining -> Package/Payload -> Registration, embedded
 * inventory) on a 100 MB model, every step in its bubblewrap sandbox, cache off.
 * Baseline, measured in the same run: the same pipeline with the steps run directly (no
 * sandbox, paths through SAGEWIRE_PATHS), i.e. the work itself plus staging. Also printed:
 * a re-run with the cache on (every step reused). Target: ours under 10 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runDemo, type DemoOptions } from '../src/demo/run-demo.js';
import { bwrapAvailable } from '../src/local/sandbox.js';

const SIZE = Number(process.env.BENCH_MODEL_BYTES ?? 100 * 1024 * 1024);
const dir = mkdtempSync(join(tmpdir(), 'sagewire-bench-local-'));

/** CPU seconds of this process and its finished children (Linux /proc; tick = 10 ms). */
function cpuWithChildren(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return fields.slice(11, 15).reduce((a, f) => a + Number(f), 0) / 100;
  } catch {
    return NaN;
  }
}

async function timed(label: string, opts: Partial<DemoOptions>): Promise<number> {
  const all0 = cpuWithChildren();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runDemo({ dir: join(dir, 'demo'), stateDir: join(dir, 'state'), size: SIZE, ...opts });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const all = cpuWithChildren() - all0;
  if (r.summary.status !== 'Succeeded' || r.registrationStatus !== 'REGISTERED') {
    throw new Error(`${label}: run ${r.summary.status}, registration ${r.registrationStatus}: ${JSON.stringify(r.summary.steps.map((s) => [s.name, s.status, s.message]))}`);
  }
  const steps = r.summary.steps.map((s) => `${s.name} ${s.status} ${((s.durationMs ?? 0) / 1000).toFixed(2)}s`).join(', ');
  console.log(`${label.padEnd(28)} pipeline ${(r.summary.durationMs / 1000).toFixed(2)} s  (wall ${(wall / 1000).toFixed(2)} s, cpu ${((c.user + c.system) / 1e6).toFixed(2)} s here + steps = ${all.toFixed(2)} s)\n    ${steps}`);
  return r.summary.durationMs;
}

try {
  if (!bwrapAvailable()) throw new Error('bwrap cannot start a sandbox here: apt-get install bubblewrap');
  console.log(`model: ${(SIZE / 1024 / 1024).toFixed(0)} MiB of incompressible weights`);
  const t0 = performance.now();
  await runDemo({ dir: join(dir, 'demo'), stateDir: join(dir, 'state'), size: SIZE, cache: false }); // makes the model, warms up
  console.log(`warm-up (sample model + first run): ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  // The floor, measured in the same run: one bare inflate of the sample model (the largest .tar.gz).
  const model = (readdirSync(join(dir, 'demo'), { recursive: true }) as string[])
    .map((name) => join(dir, 'demo', name))
    .filter((path) => path.endsWith('.tar.gz'))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0] as string;
  const inflate0 = performance.now();
  const inflated = spawnSync(process.execPath, ['-e', "require('node:fs').createReadStream(process.argv[1]).pipe(require('node:zlib').createGunzip()).resume()", model]);
  if (inflated.status !== 0) throw new Error(`bare inflate of ${model} failed: ${inflated.stderr}`);
  const inflate = performance.now() - inflate0;
  console.log(`bare inflate of ${model} (${(statSync(model).size / 1024 ** 2).toFixed(0)} MiB): ${(inflate / 1000).toFixed(2)} s`);
  const ours = await timed('ours (bwrap, cache off)', { cache: false, sandbox: 'bwrap' });
  const base = await timed('baseline (direct, cache off)', { cache: false, sandbox: 'none' });
  const cached = await timed('re-run (cache on)', {});
  console.log(`\nours / baseline = ${(ours / base).toFixed(2)}; cached / ours = ${(cached / ours).toFixed(3)}`);
  console.log(`ours / one bare inflate = ${(ours / inflate).toFixed(2)} (goal <= 5)`);
  console.log(`load average now: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
  console.log(`target: ours under 10 s -> ${ours < 10_000 ? 'met' : 'NOT met'} (${(ours / 1000).toFixed(2)} s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
