/**
 * Local-run benchmark (on demand: `npm run bench:local-run`; `BENCH_MODEL_BYTES=1073741824`
 * for issue 14's 1 GiB figure).
 *
 * Ours: the demo pipeline (DummyTraining -> Package/Payload -> Registration, embedded
 * inventory) on a 100 MiB model (BENCH_MODEL_BYTES), every step in its bubblewrap sandbox,
 * cache off. The floor, measured in the same run just before: one bare inflate pass of the
 * sample model (node:zlib gunzip of the file, output thrown away). Goal (issue 14): ours within
 * 5x that floor. Baseline, also in the same run: the same pipeline with the steps run directly
 * (no sandbox, paths through SAGEWIRE_PATHS, inputs copied). Also printed: a re-run with the
 * cache on (every step reused), and, for the sandboxed run, every model-sized file seen under
 * the state folder while it ran, by inode: a staged input that is a hard link of the store's
 * object shares its inode (zero-copy staging); a copy would show a new inode.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

/** Every file of at least `minBytes` under `root`, by inode, with the paths it was seen at. */
function watchBigFiles(root: string, minBytes: number): { stop(): Map<number, Set<string>> } {
  const seen = new Map<number, Set<string>>();
  const look = (): void => {
    let names: string[];
    try {
      names = readdirSync(root, { recursive: true }) as string[];
    } catch {
      return;
    }
    for (const name of names) {
      try {
        const st = lstatSync(join(root, name));
        if (!st.isFile() || st.size < minBytes) continue;
        const paths = seen.get(st.ino) ?? new Set<string>();
        paths.add(name.replace(/[0-9a-f]{8,}|\d{6,}/g, '*'));
        seen.set(st.ino, paths);
      } catch {
        // gone between the listing and the stat
      }
    }
  };
  const timer = setInterval(look, 100);
  return {
    stop() {
      clearInterval(timer);
      look();
      return seen;
    },
  };
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
  console.log(`${label.padEnd(28)} pipeline ${(r.summary.durationMs / 1000).toFixed(2)} s  (wall ${(wall / 1000).toFixed(2)} s, cpu ${((c.user + c.system) / 1e6).toFixed(2)} s here + steps = ${all.toFixed(2)} s)\n    per step: ${steps}`);
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
  const watcher = watchBigFiles(join(dir, 'state'), Math.floor(SIZE * 0.9));
  const ours = await timed('ours (bwrap, cache off)', { cache: false, sandbox: 'bwrap' });
  const inodes = watcher.stop();
  console.log(`    model-sized files under the state folder during that run: ${inodes.size} inode(s)`);
  for (const [ino, paths] of inodes) console.log(`      inode ${ino}: ${[...paths].sort().join(' = ')}`);
  const base = await timed('baseline (direct, cache off)', { cache: false, sandbox: 'none' });
  const cached = await timed('re-run (cache on)', {});
  console.log(`\nours / baseline = ${(ours / base).toFixed(2)}; cached / ours = ${(cached / ours).toFixed(3)}`);
  console.log(`ours / one bare inflate = ${(ours / inflate).toFixed(2)} (goal <= 5: ${ours / inflate <= 5 ? 'met' : 'NOT met'})`);
  console.log(`load average now: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
  console.log(`target: ours under 10 s -> ${ours < 10_000 ? 'met' : 'NOT met'} (${(ours / 1000).toFixed(2)} s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
