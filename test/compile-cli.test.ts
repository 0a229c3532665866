/**
 * End-to-end runs of the real binary for the building commands: exit codes, the culprit
 * named on stderr, no stack traces.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';

const FOUR = join(ROOT, 'examples', 'four-step');
const work = mkdtempSync(join(tmpdir(), 'sagewire-cli-compile-'));

function writeJson(name: string, value: unknown): string {
  const p = join(work, name);
  writeFileSync(p, JSON.stringify(value, null, 2));
  return p;
}

const NODES = ['DummyTraining', 'Package', 'Payload', 'Registration'];
const EDGES = [
  ['DummyTraining', 'Package'],
  ['DummyTraining', 'Payload'],
  ['Package', 'Registration'],
  ['Payload', 'Registration'],
];

function exampleConfig(): { configuration: { shared: Record<string, unknown>; specific: Record<string, Record<string, unknown>> } } {
  const c = JSON.parse(readFileSync(join(FOUR, 'config.json'), 'utf8'));
  c.configuration.shared.project_root = FOUR;
  return c;
}

function expectCleanFailure(r: { code: number; stderr: string }): void {
  expect(r.code).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toMatch(/this is a bug/);
}

describe('sagewire compile / validate / exec-doc / steps', () => {
  it('compiles example (a) to a definition and its manifest', async () => {
    const out = join(work, 'four.json');
    const r = await runCli(['compile', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json'), '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).Version).toBe('2020-12-01');
    expect(existsSync(join(work, 'four.assets.json'))).toBe(true);
    expect(r.stdout).toMatch(/compiled sagewire-FourStep-xgboost-NA: 4 steps/);
  });

  it('refuses a cycle, naming it', async () => {
    const dag = writeJson('cycle.json', { dag: { nodes: NODES, edges: [...EDGES, ['Registration', 'DummyTraining']] } });
    const r = await runCli(['compile', '--dag', dag, '--config', join(FOUR, 'config.json')]);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(/cycle/);
    expect(r.stderr).toMatch(/DummyTraining/);
    expect(r.stderr).toMatch(/Registration/);
  });

  it('refuses a node without a config, naming the node', async () => {
    const dag = writeJson('extra-node.json', { dag: { nodes: [...NODES, 'Evaluate'], edges: [...EDGES, ['Package', 'Evaluate']] } });
    const r = await runCli(['compile', '--dag', dag, '--config', join(FOUR, 'config.json')]);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(/Evaluate: has no config/);
  });

  it('refuses an unmatched required input, naming step, input and candidates', async () => {
    const dag = writeJson('no-package-edge.json', { dag: { nodes: NODES, edges: EDGES.filter(([a, b]) => !(a === 'Package' && b === 'Registration')) } });
    const r = await runCli(['compile', '--dag', dag, '--config', join(FOUR, 'config.json')]);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(/Registration\.packaged_model_input/);
    expect(r.stderr).toMatch(/Payload\.payload_sample \(0\.00/);
    const v = await runCli(['validate', '--dag', dag, '--config', join(FOUR, 'config.json')]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/Registration\.packaged_model_input \[required\]/);
    expect(v.stdout).toMatch(/NOT OK/);
  });

  it('refuses a config with three wrong fields, naming all three', async () => {
    const c = exampleConfig();
    c.configuration.specific.Package!.processing_instance_count = 0;
    c.configuration.specific.Payload!.expected_tps = 'fast';
    c.configuration.specific.Registration!.model_domain = '';
    const config = writeJson('three-wrong.json', c);
    const r = await runCli(['compile', '--dag', join(FOUR, 'dag.json'), '--config', config]);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(/Package\.processing_instance_count/);
    expect(r.stderr).toMatch(/Payload\.expected_tps/);
    expect(r.stderr).toMatch(/Registration\.model_domain/);
  });

  it('validate --json lists every decision with score and reason', async () => {
    const r = await runCli(['validate', '--json', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json')]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; decisions: { consumer: string; score: number; why: string }[] };
    expect(report.ok).toBe(true);
    expect(report.decisions).toHaveLength(4);
    for (const d of report.decisions) expect(d.why).toMatch(/compatible source/);
  });

  it('exec-doc fills the registration STEP_CONFIG', async () => {
    const doc = writeJson('doc.json', { PIPELINE_STEP_CONFIGS: { Registration: {} } });
    const out = join(work, 'doc.filled.json');
    const r = await runCli(['exec-doc', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json'), '--doc', doc, '--out', out]);
    expect(r.code).toBe(0);
    const filled = JSON.parse(readFileSync(out, 'utf8'));
    expect(filled.PIPELINE_STEP_CONFIGS.Registration.STEP_CONFIG.model_objective).toBe('order_risk');
  });

  it('steps lists the catalog with inputs and outputs', async () => {
    const r = await runCli(['steps', '--json']);
    expect(r.code).toBe(0);
    const { steps } = JSON.parse(r.stdout) as { steps: { stepType: string; inputs: unknown[]; outputs: unknown[] }[] };
    expect(steps.map((s) => s.stepType).sort()).toEqual(
      ['DataLoad', 'DummyTraining', 'Package', 'Payload', 'PytorchModel', 'PytorchTraining', 'Registration', 'TabularPreprocessing', 'XGBoostTraining'],
    );
  });
});
