/**
 * Start-up benchmark (on demand: `npm run bench:start`, which builds first).
 *
 * Ours: `sagewire steps` and `sagewire compile` of examples/four-step (definition to stdout),
 * each a fresh `node dist/cli/main.js` process. Baseline, in the same run and interleaved with
 * ours so that a busy machine slows all three alike: `node -e 0`. Medians of `--runs` (default
 * 15). Goals: steps within 1.6x and compile within 2.5x of `node -e 0`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const MAIN = process.env.BENCH_MAIN ?? join(ROOT, 'dist', 'cli', 'main.js');
const FOUR = join(ROOT, 'examples', 'four-step');

const runsFlag = process.argv.indexOf('--runs');
const RUNS = Math.max(1, runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 15);

const commands: { label: string; args: string[]; goal?: number }[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'sagewire steps', args: [MAIN, 'steps'], goal: 1.6 },
  {
    label: 'sagewire compile four-step',
    args: [MAIN, 'compile', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json')],
    goal: 2.5,
  },
];

/** CPU milliseconds of this process's finished children (Linux /proc; 10 ms ticks). */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function once(args: string[]): { wall: number; cpu: number } {
  const cpu0 = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return { wall, cpu: childrenCpuMs() - cpu0 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm run bench:start does)`);
const load0 = loadavg();
const walls = commands.map(() => [] as number[]);
const cpus_ = commands.map(() => [] as number[]);
for (const command of commands) once(command.args); // warm the page cache
for (let run = 0; run < RUNS; run += 1) {
  for (const [i, command] of commands.entries()) {
    const { wall, cpu } = once(command.args);
    walls[i]?.push(wall);
    cpus_[i]?.push(cpu);
  }
}
const baseWall = median(walls[0] as number[]);
const baseCpu = median(cpus_[0] as number[]);
console.log(`medians of ${RUNS} interleaved runs (wall clock; CPU of the process in brackets)`);
for (const [i, command] of commands.entries()) {
  const wall = median(walls[i] as number[]);
  const cpu = median(cpus_[i] as number[]);
  const ratio = wall / baseWall;
  const verdict = command.goal === undefined ? '' : `  goal <= ${command.goal}x: ${ratio <= command.goal ? 'met' : 'NOT met'}`;
  console.log(
    `${command.label.padEnd(28)} ${wall.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}x node -e 0  [cpu ${cpu.toFixed(0)} ms, ${(cpu / baseCpu).toFixed(2)}x]${verdict}`,
  );
}
const load1 = loadavg();
console.log(`load average: ${load0.map((l) => l.toFixed(2)).join(' ')} at start, ${load1.map((l) => l.toFixed(2)).join(' ')} at end, ${cpus().length} cores`);
