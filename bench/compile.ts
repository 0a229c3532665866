/**
 * Compile benchmark (run on demand: `npm run bench:compile`).
 *
 * Ours: one synthetic 1000-node DAG (250 copies of the four-step flow, each copy wired
 * DummyTraining -> Package/Payload -> Registration) compiled from a generated config file.
 * Baseline, measured in the same run: the 4-node example compiled 250 times (the same number
 * of steps, in small pipelines). Target: the 1000-node compile in under 1 s.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compile, createTemplate } from '../src/compile/compile.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const FOUR = join(ROOT, 'examples', 'four-step');
const COPIES = 250;

function syntheticFiles(dir: string): { dag: string; config: string } {
  const example = JSON.parse(readFileSync(join(FOUR, 'config.json'), 'utf8'));
  example.configuration.shared.project_root = FOUR;
  const specific: Record<string, unknown> = {};
  const types: Record<string, string> = {};
  const nodes: string[] = [];
  const edges: [string, string][] = [];
  for (let i = 0; i < COPIES; i += 1) {
    const n = (s: string) => `${s}-${i}`;
    for (const s of ['DummyTraining', 'Package', 'Payload', 'Registration']) {
      nodes.push(n(s));
      specific[n(s)] = example.configuration.specific[s];
      types[n(s)] = example.metadata.config_types[s];
    }
    edges.push([n('DummyTraining'), n('Package')], [n('DummyTraining'), n('Payload')], [n('Package'), n('Registration')], [n('Payload'), n('Registration')]);
  }
  const dag = join(dir, 'dag.json');
  const config = join(dir, 'config.json');
  writeFileSync(dag, JSON.stringify({ dag: { nodes, edges } }));
  writeFileSync(config, JSON.stringify({ configuration: { shared: example.configuration.shared, specific }, metadata: { config_types: types } }));
  return { dag, config };
}

/** Wall time in ms; CPU time (user + system) goes to `cpu` so a busy machine can be told apart. */
const cpu: number[] = [];
function time(fn: () => void): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  return performance.now() - t0;
}

const dir = mkdtempSync(join(tmpdir(), 'sagewire-bench-'));
try {
  const files = syntheticFiles(dir);
  // warm-up: module loading and JIT, not part of either measurement
  compile({ dag: join(FOUR, 'dag.json'), configFile: join(FOUR, 'config.json') });

  let steps = 0;
  let loadMs = 0;
  const ours = time(() => {
    const t0 = performance.now();
    const template = createTemplate({ dag: files.dag, configFile: files.config });
    loadMs = performance.now() - t0;
    steps = (template.generatePipeline().definition.Steps as unknown[]).length;
  });
  const baseline = time(() => {
    for (let i = 0; i < COPIES; i += 1) compile({ dag: join(FOUR, 'dag.json'), configFile: join(FOUR, 'config.json') });
  });
  console.log(`1000-node DAG, one compile:        ${ours.toFixed(1)} ms wall, ${cpu[0]!.toFixed(1)} ms CPU (${steps} steps, ${((ours / steps) * 1000).toFixed(0)} µs per node)`);
  console.log(`  of which loading the DAG and config files: ${loadMs.toFixed(1)} ms; resolve + build + render + check: ${(ours - loadMs).toFixed(1)} ms`);
  console.log(`baseline, ${COPIES} x 4-node compiles:  ${baseline.toFixed(1)} ms wall, ${cpu[1]!.toFixed(1)} ms CPU (${((baseline / (COPIES * 4)) * 1000).toFixed(0)} µs per node)`);
  console.log(`ratio ours/baseline: ${(ours / baseline).toFixed(2)}   target < 1000 ms: ${ours < 1000 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
