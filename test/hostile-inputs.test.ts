/**
 * Files are untrusted: what a user names is read only if it is a regular file, within a size
 * and depth limit, and every refusal is a clear error naming the path. Most cases run the
 * library in-process; the binary is run for the cases about the process (a FIFO must not hang
 * it, a full disk, an unprivileged user, terminal output).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../src/compile/compile.js';
import { loadConfigFile } from '../src/steps/config-file.js';
import { loadDagFile } from '../src/dag/dag-file.js';
import { SagewireError } from '../src/errors.js';
import { installedCli, type BundledCli } from './helpers/bundled-cli.js';
import { ROOT } from './helpers/cli.js';

const FOUR = join(ROOT, 'examples', 'four-step');
const work = mkdtempSync(join(tmpdir(), 'sagewire-hostile-inputs-'));
chmodSync(work, 0o755);

function fourStepConfig(): { configuration: { shared: Record<string, unknown>; specific: Record<string, Record<string, unknown>> }; metadata?: unknown } {
  const c = JSON.parse(readFileSync(join(FOUR, 'config.json'), 'utf8'));
  c.configuration.shared.project_root = FOUR;
  return c;
}

function writeJson(name: string, value: unknown): string {
  const p = join(work, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
}

function thrown(fn: () => unknown): SagewireError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SagewireError);
    return err as SagewireError;
  }
  throw new Error('expected an error');
}

function fifo(name: string): string {
  const p = join(work, name);
  execFileSync('mkfifo', [p]);
  return p;
}

const DAG = join(FOUR, 'dag.json');

describe('only regular files are read', () => {
  it('a FIFO as the config or the DAG is refused at once, naming it', () => {
    const f = fifo('config.fifo');
    expect(thrown(() => loadConfigFile(f)).message).toBe(`${f}: cannot read config file (a FIFO, not a regular file)`);
    expect(thrown(() => loadDagFile(f)).message).toBe(`${f}: cannot read DAG file (a FIFO, not a regular file)`);
  });

  it('devices, /proc files and folders are refused as config files', () => {
    expect(thrown(() => loadConfigFile('/dev/zero')).message).toContain('/dev/zero: cannot read config file (a character device, not a regular file)');
    expect(thrown(() => loadConfigFile('/proc/self/environ')).message).toContain("/proc/self/environ: cannot read config file (a file of the kernel's procfs");
    expect(thrown(() => loadDagFile(work)).message).toContain('cannot read DAG file (a folder, not a regular file)');
  });

  it('pretrained_model_path as a FIFO, /dev/null or /proc/self/environ: all three named in one error', () => {
    const model = fifo('model.fifo');
    const config = fourStepConfig();
    config.configuration.specific.DummyTraining!.pretrained_model_path = model;
    config.configuration.specific.Payload!.custom_payload_path = undefined;
    const err = thrown(() => compile({ dag: DAG, configFile: writeJson('fifo-model.json', config) }));
    expect(err.describe()).toContain(`DummyTraining.pretrained_model_path: cannot read ${model} (a FIFO, not a regular file)`);
    for (const [p, why] of [
      ['/dev/null', 'a character device, not a regular file'],
      ['/proc/self/environ', "a file of the kernel's procfs, not a regular file"],
    ] as const) {
      config.configuration.specific.DummyTraining!.pretrained_model_path = p;
      expect(thrown(() => compile({ dag: DAG, configFile: writeJson('dev-model.json', config) })).describe()).toContain(`cannot read ${p} (${why})`);
    }
  });

  it('symlinks, dangling links and FIFOs in an inference scripts folder are each named, with a missing model, in one error', () => {
    const scripts = join(work, 'scripts-with-links');
    mkdirSync(join(scripts, 'sub'), { recursive: true });
    writeFileSync(join(scripts, 'inference.py'), 'print(1)\n');
    symlinkSync('/etc/hostname', join(scripts, 'link.py'));
    symlinkSync(join(work, 'nowhere'), join(scripts, 'sub', 'dangling.py'));
    execFileSync('mkfifo', [join(scripts, 'sub', 'pipe')]);
    const config = fourStepConfig();
    config.configuration.specific.Package!.inference_scripts_dir = scripts;
    config.configuration.specific.DummyTraining!.pretrained_model_path = join(work, 'absent.tar.gz');
    const err = thrown(() => compile({ dag: DAG, configFile: writeJson('links.json', config) }));
    expect(err.code).toBe('CONFIG');
    const text = err.describe();
    expect(text).toContain(`${join(scripts, 'link.py')}: a symbolic link`);
    expect(text).toContain(`${join(scripts, 'sub', 'dangling.py')}: a symbolic link`);
    expect(text).toContain(`${join(scripts, 'sub', 'pipe')}: a FIFO, not a regular file`);
    expect(text).toContain('DummyTraining.pretrained_model_path: cannot read');
    expect(err.issues.length).toBe(4);
  });
});

describe('JSON that parses but must not be taken', () => {
  it('10,000-deep nesting in hyperparameters, dag.edges and cursus wrappers is an error with its path, not a RangeError', () => {
    // Built as text: JSON.stringify itself recurses.
    const deep = (n: number, leaf = '1') => `${'['.repeat(n)}${leaf}${']'.repeat(n)}`;
    const config = JSON.stringify(fourStepConfig()).replace('"hyperparameters":{', `"hyperparameters":{"deep":${deep(10_000)},`);
    const err = thrown(() => loadConfigFile(writeJson('deep.json', config)));
    expect(err.issues[0]!.path).toMatch(/^configuration\.specific\.DummyTraining\.hyperparameters\.deep(\[0\])+$/);
    expect(err.issues[0]!.message).toBe('nested more than 200 levels deep');
    const dagErr = thrown(() => loadDagFile(writeJson('deep-dag.json', `{"dag":{"nodes":["A"],"edges":${deep(10_000)}}}`)));
    expect(dagErr.code).toBe('DAG');
    expect(dagErr.issues[0]!.path).toMatch(/^dag\.edges\[0\]/);
    const wrapped = `${'{"__type_info__":"dict","value":{"v":'.repeat(10_000)}"x"${'}}'.repeat(10_000)}`;
    const cursus = `{"configuration":{"shared":{},"specific":{"A":{"__model_type__":"PayloadConfig","deep":${wrapped}}}},"metadata":{}}`;
    expect(thrown(() => loadConfigFile(writeJson('deep-cursus.json', cursus))).issues[0]!.message).toBe('nested more than 200 levels deep');
  });

  it('__proto__ keys are refused wherever they are: they neither become the config nor switch modes', () => {
    const config = fourStepConfig();
    const text = JSON.stringify(config).replace('"configuration":', '"__proto__":{"configuration":{}},"configuration":');
    const err = thrown(() => loadConfigFile(writeJson('proto.json', text)));
    expect(err.issues).toEqual([{ path: '__proto__', message: 'the key "__proto__" is not allowed' }]);
    const meta = JSON.stringify({ ...config, metadata: {} }).replace('"metadata":{}', '"metadata":{"__proto__":{"created_at":"x"}}');
    expect(thrown(() => loadConfigFile(writeJson('meta-proto.json', meta))).issues[0]!.path).toBe('metadata.__proto__');
  });

  it('1e400 is out of range, not null; a byte order mark is skipped', () => {
    const config = fourStepConfig();
    const text = JSON.stringify(config).replace('"processing_volume_size":30', '"processing_volume_size":1e400');
    const err = thrown(() => loadConfigFile(writeJson('huge.json', text)));
    expect(err.issues[0]).toEqual({ path: 'configuration.specific.DummyTraining.processing_volume_size', message: 'number out of range (beyond ±1.8e308)' });
    const bom = `\ufeff${JSON.stringify(config)}`;
    expect(Object.keys(loadConfigFile(writeJson('bom.json', bom)))).toContain('Package');
  });

  it('a config file over the size limit is refused before it is read', () => {
    const big = join(work, 'big.json');
    execFileSync('truncate', ['-s', `${65 * 1024 * 1024}`, big]);
    expect(thrown(() => loadConfigFile(big)).message).toMatch(/big\.json: cannot read config file \(65\.0 MiB, over the 64\.0 MiB limit\)/);
  });
});

describe('the binary', () => {
  let cli: BundledCli;
  beforeAll(async () => {
    cli = await installedCli();
  }, 120_000);
  afterAll(async () => {
    await cli?.dispose();
  });

  // The issue's measured list, each through the installed binary with --json: exit 1 within
  // seconds, one JSON error whose message or issues name the path, no stack, nothing written.
  const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
  const withModel = (model: string) => {
    const c = fourStepConfig();
    c.configuration.specific.DummyTraining!.pretrained_model_path = model;
    return c;
  };
  const CASES: Array<[string, () => { config?: string; dag?: string }, string, RegExp]> = [
    ['a FIFO as --dag', () => ({ dag: fifo('dag-cli.fifo') }), 'dag-cli.fifo', /a FIFO, not a regular file/],
    ['/dev/zero as --config', () => ({ config: '/dev/zero' }), '/dev/zero', /a character device, not a regular file/],
    ['a FIFO as pretrained_model_path', () => ({ config: writeJson('cli-fifo-model.json', withModel(fifo('cli-model.fifo'))) }), 'DummyTraining.pretrained_model_path', /cli-model\.fifo \(a FIFO/],
    ['/proc/self/environ as pretrained_model_path', () => ({ config: writeJson('cli-environ.json', withModel('/proc/self/environ')) }), 'DummyTraining.pretrained_model_path', /procfs, not a regular file/],
    ['/dev/null as pretrained_model_path', () => ({ config: writeJson('cli-null.json', withModel('/dev/null')) }), 'DummyTraining.pretrained_model_path', /a character device/],
    [
      'nesting 10,000 deep in hyperparameters',
      () => ({ config: writeJson('cli-deep.json', JSON.stringify(fourStepConfig()).replace('"hyperparameters":{', `"hyperparameters":{"deep":${deep(10_000)},`)) }),
      'configuration.specific.DummyTraining.hyperparameters.deep[0]',
      /nested more than 200 levels deep/,
    ],
    ['nesting 10,000 deep in dag.edges', () => ({ dag: writeJson('cli-deep-dag.json', `{"dag":{"nodes":["A"],"edges":${deep(10_000)}}}`) }), 'dag.edges[0]', /nested more than 200 levels deep/],
    ['a __proto__ key', () => ({ config: writeJson('cli-proto.json', JSON.stringify(fourStepConfig()).replace('"configuration":', '"__proto__":{"configuration":{}},"configuration":')) }), '__proto__', /not allowed/],
    [
      'metadata.__proto__',
      () => ({ config: writeJson('cli-meta-proto.json', JSON.stringify({ ...fourStepConfig(), metadata: {} }).replace('"metadata":{}', '"metadata":{"__proto__":{"created_at":"x"}}')) }),
      'metadata.__proto__',
      /not allowed/,
    ],
    [
      '1e400',
      () => ({ config: writeJson('cli-huge.json', JSON.stringify(fourStepConfig()).replace('"processing_volume_size":30', '"processing_volume_size":1e400')) }),
      'configuration.specific.DummyTraining.processing_volume_size',
      /number out of range/,
    ],
  ];

  it.each(CASES)('%s: exit 1 in JSON naming the path, nothing written', async (_name, make, where, why) => {
    const { config = join(FOUR, 'config.json'), dag = DAG } = make();
    const out = join(work, `cli-out-${Math.random().toString(16).slice(2)}`);
    const r = await cli.run(['compile', '--json', '--dag', dag, '--config', config, '--out', join(out, 'p.json')], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const { error } = JSON.parse(r.stdout) as { error: { message: string; issues: { path: string; message: string }[] } };
    const named = [error.message, ...error.issues.map((i) => `${i.path}: ${i.message}`)].find((line) => line.includes(where));
    expect(named, r.stdout).toBeDefined();
    expect([error.message, ...error.issues.map((i) => i.message)].join('\n')).toMatch(why);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('a byte order mark is skipped: the config compiles', async () => {
    const bom = writeJson('cli-bom.json', `\ufeff${JSON.stringify(fourStepConfig())}`);
    const r = await cli.run(['compile', '--dag', DAG, '--config', bom]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).Steps).toHaveLength(4);
  }, 60_000);

  it('symlinks, dangling links and FIFOs in an inference scripts folder are each named in JSON', async () => {
    const scripts = join(work, 'cli-scripts-with-links');
    mkdirSync(scripts, { recursive: true });
    writeFileSync(join(scripts, 'inference.py'), 'print(1)\n');
    symlinkSync('/etc/hostname', join(scripts, 'link.py'));
    symlinkSync(join(work, 'nowhere'), join(scripts, 'dangling.py'));
    execFileSync('mkfifo', [join(scripts, 'pipe')]);
    const config = fourStepConfig();
    config.configuration.specific.Package!.inference_scripts_dir = scripts;
    const r = await cli.run(['compile', '--json', '--dag', DAG, '--config', writeJson('cli-links.json', config)], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    const text = JSON.stringify(JSON.parse(r.stdout).error);
    for (const name of ['link.py', 'dangling.py', 'pipe']) expect(text).toContain(join(scripts, name));
  }, 60_000);

  it('a FIFO as --config does not hang: exit 1 in JSON naming it', async () => {
    const f = fifo('cli.fifo');
    const r = await cli.run(['compile', '--json', '--dag', DAG, '--config', f], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toContain('a FIFO, not a regular file');
  }, 60_000);

  it('control characters in node names are escaped on stderr', async () => {
    const dag = writeJson('ctl-dag.json', { dag: { nodes: ['Evil\u001b[2J\nfake line'], edges: [] } });
    const r = await cli.run(['validate', '--dag', dag, '--config', join(FOUR, 'config.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).not.toContain('\u001b');
    expect(r.stderr + r.stdout).toContain('Evil\\u001b[2J\\u000afake line');
  }, 60_000);

  it('an unreadable folder is named as unreadable for an unprivileged user', async () => {
    const tree = join(work, 'unreadable');
    cpSync(FOUR, tree, { recursive: true });
    execFileSync('chmod', ['-R', 'a+rX', tree]);
    const asRoot = process.getuid?.() === 0;
    // Root reads any folder: it drops to uid 65534, for whom a root-owned 700 is closed. Anyone
    // else owns the copy, so only 000 closes it (restored below, so that it can be removed).
    chmodSync(join(tree, 'inference'), asRoot ? 0o700 : 0o000);
    const config = fourStepConfig();
    config.configuration.shared.project_root = tree;
    const file = writeJson('unreadable.json', config);
    chmodSync(file, 0o644);
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const command = [process.execPath, '--import', tsx, join(ROOT, 'src', 'cli', 'main.ts'), 'compile', '--json', '--dag', DAG, '--config', file];
    const asUser = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command] : command;
    const r = spawnSync(
      asUser[0]!,
      asUser.slice(1),
      { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', HOME: work }, timeout: 60_000 },
    );
    chmodSync(join(tree, 'inference'), 0o755);
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toContain(`cannot read the folder ${join(tree, 'inference')} (EACCES)`);
  }, 60_000);

  // Mounting the small tmpfs needs root (CI runs as root); test/full-disk.test.ts skips so too.
  it.skipIf(process.getuid?.() !== 0)('a full disk under --out: exit 1 naming the path, neither file written, no temp file', async () => {
    const tiny = join(work, 'tiny');
    mkdirSync(tiny);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8k', 'tmpfs', tiny]);
    } catch {
      throw new Error('this test mounts a small tmpfs: run it as root (CI does)');
    }
    try {
      const r = await cli.run(['compile', '--json', '--dag', DAG, '--config', join(FOUR, 'config.json'), '--out', join(tiny, 'p.json')]);
      expect(r.code, r.stderr).toBe(1);
      const { error } = JSON.parse(r.stdout);
      expect(error.code).toBe('IO');
      expect(error.message).toMatch(/ENOSPC/);
      expect(error.message).toContain(tiny);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(tiny)).toEqual([]);
      expect(existsSync(join(tiny, 'p.assets.json'))).toBe(false);
    } finally {
      execFileSync('umount', [tiny]);
    }
  }, 60_000);
});
