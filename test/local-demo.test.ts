/**
 * `sagewire demo` end to end through the real binary: exit 0, a model id the inventory lists
 * as REGISTERED, a packaged model with code/ and hyperparameters.json, nothing written
 * outside `.sagewire/`, a second run that reuses every step from the cache, and a `--no-cache`
 * run that rebuilds every archive byte for byte (same sha256, so the inventory keeps one version).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchiveMember, scanArchive } from '../src/archive/index.js';
import { sha256File } from '../src/fs/sha256-file.js';
import { InventoryClient, startInventoryServer } from '../src/registry/index.js';
import { runCli, type CliResult } from './helpers/cli.js';

let cwd: string;
let first: CliResult;
let firstPackageSha: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'sagewire-demo-'));
  first = await runCli(['demo', '--size', '65536'], { cwd, timeoutMs: 240_000 });
  const packaged = /packaged model: +(\S+)/.exec(first.stdout)?.[1];
  if (packaged) firstPackageSha = (await sha256File(packaged)).sha256;
}, 180_000);
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('sagewire demo', () => {
  it('exits 0 and prints the registered model id, the packaged model and the report', () => {
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(first.stdout).toMatch(/registered model id: model-[0-9a-f]+ \(REGISTERED, version \d+\)/);
    expect(first.stdout).toContain(join(cwd, '.sagewire', 'demo', 'report.html'));
    expect(first.stdout).toMatch(/packaged model: +\/.*model\.tar\.gz/);
  });

  it('the inventory lists that model as REGISTERED', async () => {
    const modelId = /registered model id: (\S+)/.exec(first.stdout)![1]!;
    const inventory = await startInventoryServer({ dataDir: join(cwd, '.sagewire', 'inventory') });
    try {
      const client = new InventoryClient(inventory.url);
      const model = await client.getModel(modelId);
      expect(model.versions.length).toBeGreaterThan(0);
      // lineage the compiled step hands the register script (its Environment) and the script adds
      expect(model.versions[0]!.request.lineage).toMatchObject({
        pipeline_name: expect.any(String),
        pipeline_execution_arn: expect.stringMatching(/^arn:/),
        pipeline_execution_id: expect.any(String),
        step_name: expect.any(String),
        sagewire_version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      });
      const registrations = await client.listRegistrations({ status: 'REGISTERED' });
      expect(registrations.some((r) => r.modelId === modelId)).toBe(true);
    } finally {
      await inventory.close();
    }
  });

  it('the packaged model holds code/ and hyperparameters.json', async () => {
    const path = /packaged model: +(\S+)/.exec(first.stdout)![1]!;
    const { entries } = await scanArchive(path);
    const names = entries.map((e) => e.name);
    expect(names).toContain('hyperparameters.json');
    expect(names).toContain('code/inference.py');
    expect(names).toContain('weights.bin');
    const member = await readArchiveMember(path, 'hyperparameters.json');
    const hp = JSON.parse(member!.toString('utf8'));
    expect(hp.label_name).toBe('is_fraud');
  });

  it('writes nothing outside .sagewire/', async () => {
    expect(await readdir(cwd)).toEqual(['.sagewire']);
  });

  it('a second run reuses every step and says so', async () => {
    const second = await runCli(['--json', 'demo', '--size', '65536'], { cwd, timeoutMs: 240_000 });
    expect(second.code, second.stderr).toBe(0);
    const data = JSON.parse(second.stdout);
    expect(data.steps.map((s: { status: string }) => s.status)).toEqual(['cached', 'cached', 'cached', 'cached']);
    expect(data.registrationStatus).toBe('REGISTERED');
    expect(data.modelId).toBe(/registered model id: (\S+)/.exec(first.stdout)![1]);
    expect(second.stderr).toContain('cached: reused the result of execution');
  }, 240_000);

  let noCacheExecution = '';
  it('a --no-cache run rebuilds the same bytes: same package sha256, still one inventory version', async () => {
    const again = await runCli(['--json', 'demo', '--size', '65536', '--no-cache'], { cwd, timeoutMs: 240_000 });
    expect(again.code, again.stderr).toBe(0);
    const data = JSON.parse(again.stdout);
    noCacheExecution = data.executionId;
    expect(data.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'done', 'done', 'done']);
    expect((await sha256File(data.packagedModel)).sha256).toBe(firstPackageSha);
    expect(data.modelVersion).toBe(1);
    const inventory = await startInventoryServer({ dataDir: join(cwd, '.sagewire', 'inventory') });
    try {
      const model = await new InventoryClient(inventory.url).getModel(data.modelId);
      expect(model.versions).toHaveLength(1);
    } finally {
      await inventory.close();
    }
  }, 240_000);

  // --no-cache hashes a step's inputs while the step runs (runner.ts): the key it saves under
  // must be the one the next run looks up.
  it('a run after --no-cache reuses what the --no-cache run saved', async () => {
    const next = await runCli(['--json', 'demo', '--size', '65536'], { cwd, timeoutMs: 240_000 });
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).steps.map((s: { status: string }) => s.status)).toEqual(['cached', 'cached', 'cached', 'cached']);
    expect(noCacheExecution).not.toBe('');
    expect(next.stderr).toContain(`cached: reused the result of execution ${noCacheExecution}`);
  }, 240_000);
});
