/**
 * The bundled container scripts (dist/scripts/<name>.mjs) run as a processing job would run
 * them, with SAGEWIRE_PATHS / --<logical_name> overrides pointing at temp folders.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { gnuTarCreate, gnuTarExtract, readTree, treeSnapshot, writeTree } from './helpers/file-trees.js';

const exec = promisify(execFile);

function runBundle(name: string, args: string[], paths?: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NODE_OPTIONS: '' };
    if (paths) env.SAGEWIRE_PATHS = JSON.stringify(paths);
    else delete env.SAGEWIRE_PATHS;
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', `${name}.mjs`), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const tree = (files: Record<string, string>) => ({ files: new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])), dirs: new Set<string>() });

let root: string;
beforeAll(async () => {
  try {
    await exec(process.execPath, [join(ROOT, 'scripts', 'bundle-scripts.mjs')], { cwd: ROOT });
  } catch (err) {
    throw new Error(`npm run bundle failed, so the container scripts cannot be tested:\n${(err as { stderr?: string }).stderr ?? err}`);
  }
  root = await mkdtemp(join(tmpdir(), 'sagewire-bundles-'));
  await writeTree(join(root, 'tree'), tree({ 'weights.bin': 'w'.repeat(5000), 'hyperparameters.json': '{"tab_field_list": ["x", "y"], "cat_field_list": ["city"]}' }));
  await mkdir(join(root, 'model'));
  await gnuTarCreate(join(root, 'model', 'model.tar.gz'), join(root, 'tree'));
  await writeTree(join(root, 'inference'), tree({ 'inference.py': 'def model_fn(d): pass\n', 'lib/util.py': 'X = 1\n' }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('container script bundles', () => {
  it('package.mjs packs the model with code/ from SAGEWIRE_PATHS', async () => {
    const out = join(root, 'pkg-out');
    const r = await runBundle('package', [], {
      model_input: join(root, 'model'),
      inference_scripts_input: join(root, 'inference'),
      calibration_input: join(root, 'no-calibration'),
      packaged_model_output: out,
    });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^model\.tar\.gz: 6 entries, .* -> .*pkg-out\/model\.tar\.gz\n$/);
    await gnuTarExtract(join(out, 'model.tar.gz'), join(root, 'pkg-x'));
    expect(Object.keys(treeSnapshot(await readTree(join(root, 'pkg-x'))).files)).toEqual([
      'code/inference.py',
      'code/lib/util.py',
      'hyperparameters.json',
      'weights.bin',
    ]);
  });

  it('dummy-training.mjs injects hyperparameters.json given by arguments', async () => {
    await writeFile(join(root, 'hp.json'), '{"tab_field_list": ["a"], "lr": 0.5}');
    const out = join(root, 'dummy-out');
    const r = await runBundle('dummy-training', [
      '--pretrained_model_path',
      join(root, 'model', 'model.tar.gz'),
      '--hyperparameters_path',
      join(root, 'hp.json'),
      `--model_output=${out}`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[dummy-training] replaced the hyperparameters.json already in model.tar.gz');
    await gnuTarExtract(join(out, 'model.tar.gz'), join(root, 'dummy-x'));
    expect(await readFile(join(root, 'dummy-x', 'hyperparameters.json'), 'utf8')).toBe('{"tab_field_list": ["a"], "lr": 0.5}');
  });

  it('payload.mjs writes the samples from the model hyperparameters when there is no config', async () => {
    const out = join(root, 'payload-out');
    const r = await runBundle('payload', [], {
      model_input: join(root, 'model'),
      payload_config: join(root, 'absent.json'),
      payload_sample: out,
    });
    expect(r.code).toBe(0);
    await gnuTarExtract(join(out, 'payload.tar.gz'), join(root, 'payload-x'));
    const files = treeSnapshot(await readTree(join(root, 'payload-x'))).files;
    expect(Object.keys(files)).toEqual(['payload_application_json_1.json', 'payload_text_csv_0.csv']);
    expect(Buffer.from(files['payload_text_csv_0.csv']!, 'base64').toString()).toBe('0.0,0.0,DEFAULT_TEXT');
  });

  it('payload.mjs uses the payload config file and reports a bad one by field, exit 1, no stack', async () => {
    await writeFile(join(root, 'payload.json'), JSON.stringify({ content_types: ['application/json'], input_variable_list: [['amount', 'NUMERIC']], field_defaults: { amount: 12.5 } }));
    const out = join(root, 'payload2-out');
    const ok = await runBundle('payload', ['--model_input', join(root, 'model'), '--payload_config', join(root, 'payload.json'), '--payload_sample', out]);
    expect(ok.code).toBe(0);
    await gnuTarExtract(join(out, 'payload.tar.gz'), join(root, 'payload2-x'));
    expect(await readFile(join(root, 'payload2-x', 'payload_application_json_0.json'), 'utf8')).toBe('{"amount": 12.5}');

    await writeFile(join(root, 'bad.json'), JSON.stringify({ content_types: ['application/x-npy'] }));
    const bad = await runBundle('payload', ['--model_input', join(root, 'model'), '--payload_config', join(root, 'bad.json'), '--payload_sample', join(root, 'bad-out')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[payload] error [SCRIPT]: ');
    expect(bad.stderr).toContain('unsupported content type "application/x-npy"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(join(root, 'bad-out')).catch(() => [])).toEqual([]);
  });

  it('a bundle refuses an unknown path name', async () => {
    const r = await runBundle('package', [], { model: '/x' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SAGEWIRE_PATHS: unknown path name "model"; this script knows model_input, inference_scripts_input, calibration_input, packaged_model_output');
  });
});
