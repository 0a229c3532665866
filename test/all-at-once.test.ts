/**
 * Every bad input answered at once: one config with a schema error, two bad paths, a missing
 * script and a DAG with a wiring problem gives all of them in one run of the real binary,
 * validate and compile, in text and with --json; nothing is written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';

const FOUR = join(ROOT, 'examples', 'four-step');
const work = mkdtempSync(join(tmpdir(), 'sagewire-all-at-once-'));

const config = JSON.parse(readFileSync(join(FOUR, 'config.json'), 'utf8'));
config.configuration.shared.project_root = FOUR;
const s = config.configuration.specific;
s.Payload.expected_tps = 'fast'; // schema error; its own path below is still checked
s.Payload.custom_payload_path = 'payloads/missing.csv';
s.Package.inference_scripts_dir = 'no-such-inference';
s.Package.processing_source_dir = 'inference';
s.Package.processing_entry_point = 'my_package.py'; // a user script that is not there
s.DummyTraining.pretrained_model_path = 'model/missing.tar.gz';
const CONFIG = join(work, 'config.json');
writeFileSync(CONFIG, JSON.stringify(config));
const dag = JSON.parse(readFileSync(join(FOUR, 'dag.json'), 'utf8'));
dag.dag.edges = dag.dag.edges.filter(([a, b]: [string, string]) => !(a === 'Package' && b === 'Registration'));
const DAG = join(work, 'dag.json');
writeFileSync(DAG, JSON.stringify(dag));

const EXPECTED: Array<[string, RegExp]> = [
  ['configuration.specific.Payload.expected_tps', /expected a positive integer, got "fast"/],
  ['Payload.custom_payload_path', /missing\.csv \(ENOENT\)/],
  ['Package.inference_scripts_dir', /no-such-inference is not a folder/],
  ['Package.processing_entry_point', /my_package\.py \(ENOENT\)/],
  ['DummyTraining.pretrained_model_path', /missing\.tar\.gz \(ENOENT\)/],
  ['Registration.packaged_model_input', /has no match/],
];

function expectAll(issues: Array<{ path: string; message: string }>): void {
  for (const [path, message] of EXPECTED) {
    expect(issues.find((i) => i.path === path), path).toBeDefined();
    expect(issues.find((i) => i.path === path)!.message).toMatch(message);
  }
  expect(issues).toHaveLength(EXPECTED.length);
}

function textIssues(stderr: string): Array<{ path: string; message: string }> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('  - '))
    .map((l) => {
      const rest = l.slice(4);
      const at = rest.indexOf(': ');
      return { path: rest.slice(0, at), message: rest.slice(at + 2) };
    });
}

describe('all at once', () => {
  for (const command of ['validate', 'compile']) {
    it(`${command}: schema, path, file and wiring problems in one run, in text`, async () => {
      const out = join(work, `${command}-text.json`);
      const r = await runCli([command, '--dag', DAG, '--config', CONFIG, ...(command === 'compile' ? ['--out', out] : [])]);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expectAll(textIssues(r.stderr));
      expect(existsSync(out)).toBe(false);
    }, 120_000);

    it(`${command} --json: the same problems in error.issues`, async () => {
      const out = join(work, `${command}-json.json`);
      const r = await runCli([command, '--json', '--dag', DAG, '--config', CONFIG, ...(command === 'compile' ? ['--out', out] : [])]);
      expect(r.code).toBe(1);
      const parsed = JSON.parse(r.stdout) as { error: { code: string; issues: Array<{ path: string; message: string }> } };
      expect(parsed.error.code).toBe('CONFIG');
      expectAll(parsed.error.issues);
      expect(existsSync(out)).toBe(false);
    }, 120_000);
  }
});
