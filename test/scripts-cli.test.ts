/** The script commands through the real binary: output line, --json, exit codes, messages. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';
import { gnuTarCreate, gnuTarExtract, readTree, treeSnapshot, writeTree } from './helpers/file-trees.js';

const tree = (files: Record<string, string>) => ({ files: new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])), dirs: new Set<string>() });

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sagewire-scripts-cli-'));
  await writeTree(join(root, 'tree'), tree({ 'weights.bin': 'w'.repeat(3000), 'code/inference.py': 'old', 'hyperparameters.json': '{"tab_field_list": ["x"]}' }));
  await mkdir(join(root, 'model'));
  await gnuTarCreate(join(root, 'model', 'model.tar.gz'), join(root, 'tree'));
  await writeTree(join(root, 'scripts'), tree({ 'inference.py': 'new', 'requirements.txt': 'numpy\n' }));
  await writeTree(join(root, 'bare'), tree({ 'weights.bin': 'w' }));
  await mkdir(join(root, 'bare-model'));
  await gnuTarCreate(join(root, 'bare-model', 'model.tar.gz'), join(root, 'bare'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * runCli from `root`: test/helpers/cli.ts loads tsx relative to its cwd, so the process runs in
 * the repository and every path argument is made absolute here instead.
 */
const PATH_OPTIONS = new Set(['--model', '--scripts', '--out', '--hyperparameters', '--config', '--calibration']);
function cli(args: string[]) {
  return runCli(args.map((a, i) => (i > 0 && PATH_OPTIONS.has(args[i - 1]!) ? join(root, a) : a)));
}

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .*:\d+/);

describe('sagewire package / dummy-train / payload', () => {
  it('package prints one summary line and logs what it replaced', async () => {
    const r = await cli(['package', '--model', 'model', '--scripts', 'scripts', '--out', 'pkg']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^model\.tar\.gz: \d+ entries, [\d.]+ [KMG]?i?B in, [\d.]+ [KMG]?i?B out, [\d.]+ s, [\d.]+ MiB\/s \(append, 1 replaced\) -> .*\/pkg\/model\.tar\.gz\n$/);
    expect(r.stderr).toMatch(/replac.*code\/inference\.py/);
    expect(r.stderr).not.toContain('\r');
    await gnuTarExtract(join(root, 'pkg', 'model.tar.gz'), join(root, 'pkg-x'));
    const files = treeSnapshot(await readTree(join(root, 'pkg-x'))).files;
    expect(Buffer.from(files['code/inference.py']!, 'base64').toString()).toBe('new');
  });

  it('package draws a progress bar on a terminal (util-linux script gives it one)', async () => {
    const command = ['node', '--import', 'tsx', 'src/cli/main.ts', 'package', '--model', join(root, 'model'), '--scripts', join(root, 'scripts'), '--out', join(root, 'tty')];
    const quoted = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    const out = await new Promise<string>((resolve, reject) => {
      execFile('script', ['-qec', quoted, '/dev/null'], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } }, (err, stdout) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error('`script` is missing: apt-get install bsdutils (util-linux)'));
        else if (err) reject(err);
        else resolve(stdout);
      });
    });
    const CLEAR_LINE = '\r\x1b[K';
    expect(out).toContain(`${CLEAR_LINE}package [`);
    expect(out).toMatch(/package \[#*\.*\] +\d+% .* ETA \d+s/);
    expect(out).toMatch(/model\.tar\.gz: \d+ entries, .*\(append, 1 replaced\)/);
  });

  it('package --json --rewrite gives the summary as data', async () => {
    const r = await cli(['--json', 'package', '--model', 'model/model.tar.gz', '--scripts', 'scripts', '--out', 'pkg2', '--rewrite']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({
      version: expect.any(String),
      output: join(root, 'pkg2', 'model.tar.gz'),
      method: 'rewrite',
      injected: ['code/inference.py', 'code/requirements.txt'],
      replaced: ['code/inference.py'],
    });
    expect(data.entries).toBeGreaterThan(3);
    expect(typeof data.mibPerSecond).toBe('number');
  });

  it('dummy-train without hyperparameters in either place exits 1 saying both', async () => {
    const r = await cli(['dummy-train', '--model', 'bare-model/model.tar.gz', '--out', 'dt']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error [SCRIPT]: no hyperparameters: none was supplied (--hyperparameters <file>)');
    expect(r.stderr).not.toContain('hyperparameters_path');
    expect(r.stderr).toContain('has no hyperparameters.json at its root');
    noStack(r.stderr);
    expect(await readdir(join(root, 'dt')).catch(() => [])).toEqual([]);
  });

  it('dummy-train with invalid JSON names the file and the position', async () => {
    await writeFile(join(root, 'bad-hp.json'), '{"a": 1,,}');
    const r = await cli(['dummy-train', '--model', 'bare-model', '--hyperparameters', 'bad-hp.json', '--out', 'dt2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(root, 'bad-hp.json')}: not valid JSON at line 1, column 9`);
    noStack(r.stderr);
  });

  it('dummy-train injects and prints the summary', async () => {
    await writeFile(join(root, 'hp.json'), '{"lr": 0.01}');
    const r = await cli(['--json', 'dummy-train', '--model', 'model/model.tar.gz', '--hyperparameters', 'hp.json', '--out', 'dt3']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ injected: ['hyperparameters.json'], replaced: ['hyperparameters.json'] });
    expect(r.stderr).toContain('replaced the hyperparameters.json already in model.tar.gz');
  });

  it('payload reads a payload config and --content-types', async () => {
    await writeFile(join(root, 'payload.json'), JSON.stringify({ content_types: ['application/json'], input_variable_list: { a: 'NUMERIC', b: 'TEXT' } }));
    const r = await cli(['--json', 'payload', '--model', 'model', '--config', 'payload.json', '--content-types', 'text/csv,application/json', '--out', 'pl']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ files: ['payload_text_csv_0.csv', 'payload_application_json_1.json'], contentTypes: ['text/csv', 'application/json'] });
  });

  it('payload --step reads a Registration step of a config file, and names a step that is not there', async () => {
    const config = join(ROOT, 'src', 'config', 'file', '__fixtures__', 'cursus-config.json');
    const ok = await runCli(['--json', 'payload', '--model', join(root, 'model'), '--config', config, '--step', 'Registration', '--out', join(root, 'pl4')]);
    expect(ok.stderr).toContain('2 input field(s) from ');
    expect(ok.stderr).toContain('cursus-config.json step Registration.input_variable_list');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      files: ['payload_text_csv_0.csv'],
      variables: [
        { name: 'amount', type: 'NUMERIC' },
        { name: 'dialogue', type: 'TEXT' },
      ],
    });
    const missing = await runCli(['payload', '--model', join(root, 'model'), '--config', config, '--step', 'Nope', '--out', join(root, 'pl5')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--step Nope: ');
    expect(missing.stderr).toContain('has no step named "Nope" (steps: Base, Processing, DummyTraining');
  });

  it('payload rejects an unsupported content type (exit 1) and --step without --config (exit 2)', async () => {
    const bad = await cli(['payload', '--model', 'model', '--content-types', 'text/plain', '--out', 'pl2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unsupported content type "text/plain"');
    noStack(bad.stderr);
    const usage = await cli(['payload', '--model', 'model', '--step', 'Payload', '--out', 'pl3']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--step needs --config');
  });
});
