/**
 * The CLI-wide seam: with `--json` every command answers a failure on stdout as
 * `{"error": {"code", "message", "issues"}}`; every command's help names `--json` and the exit
 * codes; stdout and stderr are drained before the process exits (a pipe keeps all of it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { bundleCli, type BundledCli } from './helpers/bundled-cli.js';
import { ROOT } from './helpers/cli.js';

const FOUR = join(ROOT, 'examples', 'four-step');
const work = mkdtempSync(join(tmpdir(), 'sagewire-cli-json-'));

function leafCommands(cmd: Command, prefix: string[] = []): string[][] {
  const subs = cmd.commands;
  if (subs.length === 0) return [prefix];
  return subs.flatMap((c) => leafCommands(c, [...prefix, c.name()]));
}

function helpOf(path: string[]): string {
  let out = '';
  let cmd: Command = buildProgram();
  for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
  cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}

interface JsonFailure {
  version: string;
  error: { code: string; message: string; issues: { path: string; message: string }[] };
}

function parseFailure(stdout: string): JsonFailure {
  const parsed = JSON.parse(stdout) as JsonFailure;
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'issues', 'message']);
  expect(Array.isArray(parsed.error.issues)).toBe(true);
  return parsed;
}

const COMMANDS = leafCommands(buildProgram());

describe('help', () => {
  it('lists the commands this suite walks', () => {
    expect(COMMANDS.map((c) => c.join(' '))).toEqual(expect.arrayContaining(['compile', 'validate', 'run', 'deploy', 'inventory serve', 'package']));
  });

  it.each(COMMANDS.map((c) => [c.join(' ')]))('%s names --json and the exit codes', (name) => {
    const help = helpOf(name.split(' '));
    expect(help).toContain('--json');
    expect(help).toMatch(/exit codes/i);
    expect(help).toMatch(/^\s+1\s+a problem/m);
    expect(help).toMatch(/^\s+2\s+a usage error/m);
  });
});

describe('--json failures on stdout', () => {
  let cli: BundledCli;
  beforeAll(async () => {
    cli = await bundleCli();
  });
  afterAll(async () => {
    await cli?.dispose();
  });

  it('every command answers a usage error with a USAGE error object and exit 2', async () => {
    const results = await Promise.all(COMMANDS.map(async (name) => ({ name, r: await cli.run([...name, '--json', '--no-such-option']) })));
    for (const { name, r } of results) {
      expect(r.code, `${name.join(' ')}: ${r.stderr}`).toBe(2);
      const { error } = parseFailure(r.stdout);
      expect(error.code).toBe('USAGE');
      expect(error.message).toMatch(/option/);
    }
  }, 180_000);

  it('an input problem is exit 1 with the error code, the file named and every issue with its path', async () => {
    const missing = await cli.run(['validate', '--json', '--dag', join(work, 'nope.json'), '--config', join(FOUR, 'config.json')]);
    expect(missing.code).toBe(1);
    expect(parseFailure(missing.stdout).error).toMatchObject({ code: 'DAG', message: expect.stringContaining('nope.json') });

    const config = JSON.parse(JSON.stringify(await import(join(FOUR, 'config.json'), { with: { type: 'json' } }))).default;
    config.configuration.shared.region = 'XX';
    config.configuration.specific.Package.processing_instance_count = 'x';
    const bad = join(work, 'bad-config.json');
    writeFileSync(bad, JSON.stringify(config));
    const r = await cli.run(['compile', '--json', '--dag', join(FOUR, 'dag.json'), '--config', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const { error } = parseFailure(r.stdout);
    expect(error.code).toBe('CONFIG');
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['configuration.shared.region', 'configuration.specific.Package.processing_instance_count']),
    );
  });

  it('run, graph and deploy on a missing definition answer in JSON', async () => {
    for (const args of [['run'], ['graph'], ['deploy', '--role', 'arn:aws:iam::111122223333:role/x']]) {
      const r = await cli.run([...args, join(work, 'absent.json'), '--json']);
      expect(r.code, r.stderr).toBe(1);
      expect(parseFailure(r.stdout).error.message).toContain('absent.json');
    }
  }, 180_000);

  // Not only usage errors: each command family's own failure (a missing file, an unreachable
  // inventory or AWS endpoint) is exit 1 with one error object on stdout naming what failed.
  it.each([
    [['exec-doc', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json'), '--doc', join(work, 'no-doc.json')], 'CONFIG', 'no-doc.json'],
    [['dummy-train', '--model', join(work, 'no-model.tar.gz'), '--out', join(work, 'dt.tar.gz')], 'SCRIPT', 'no-model.tar.gz'],
    [['store', 'put', join(work, 'no-file.txt'), 's3://bucket/key', '--store', join(work, 'store')], 'NOT_FOUND', 'no-file.txt'],
    [['inventory', 'show', 'model-x', '--inventory', 'http://127.0.0.1:1'], 'INVENTORY', 'http://127.0.0.1:1'],
    [['inventory', 'audit', '--inventory', 'http://127.0.0.1:1'], 'INVENTORY', 'http://127.0.0.1:1'],
    [['status', 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/p/execution/e', '--endpoint-url', 'http://127.0.0.1:1'], 'AWS', 'execution/e'],
    [['executions', 'p', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:1'], 'AWS', 'pipeline p'],
  ])('%j: exit 1, a %s error object naming %s', async (args, code, named) => {
    const r = await cli.run([...args, '--json'], { env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' }, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const { error } = parseFailure(r.stdout);
    expect(error.code).toBe(code);
    expect(error.message).toContain(named);
  }, 90_000);

  it('validate with problems prints its report and the error object together', async () => {
    const dag = join(work, 'dangling.json');
    writeFileSync(dag, JSON.stringify({ dag: { nodes: ['Package', 'Registration'], edges: [['Package', 'Registration']] } }));
    const r = await cli.run(['validate', '--json', '--dag', dag, '--config', join(FOUR, 'config.json')]);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout) as JsonFailure & { problems: unknown[]; decisions: unknown[] };
    expect(parsed.problems.length).toBeGreaterThan(0);
    expect(parsed.error.issues).toEqual(parsed.problems);
  });

  it('a 100,000-node problem list reaches a pipe whole, on stderr and as JSON on stdout', async () => {
    const nodes = ['DummyTraining', 'Package', 'Payload', 'Registration'];
    for (let i = 0; i < 100_000; i++) nodes.push(`Extra${String(i).padStart(6, '0')}`);
    const dag = join(work, 'big-dag.json');
    writeFileSync(dag, JSON.stringify({ dag: { nodes, edges: [] } }));
    const r = await cli.run(['validate', '--json', '--dag', dag, '--config', join(FOUR, 'config.json')], { timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    expect(r.stderr.length).toBeGreaterThan(1_000_000);
    expect(r.stderr).toContain('Extra099999');
    expect(r.stderr.endsWith('\n')).toBe(true);
    const { error } = parseFailure(r.stdout);
    expect(error.issues.filter((i) => i.path.includes('Extra')).length).toBeGreaterThanOrEqual(100_000);
  }, 180_000);
});
