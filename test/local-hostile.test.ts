/**
 * Hostile steps against the local sandbox, run as root and as an unprivileged user
 * (setpriv --reuid=65534): privilege tricks (remount, mknod, chroot, nested namespaces),
 * reading the caller's secrets, other runs and store objects, environment canaries, host
 * sockets and the network, a step that merely calls itself register.mjs or names
 * SAGEWIRE_REGISTRAR, outputs and model folders replaced by links, a fork bomb and a disk
 * filler. Nothing may escape and nothing of the host may land in the store.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bwrapAvailable, type PipelineDefinition, type RunSummary } from '../src/local/index.js';
import { packDirectory } from '../src/local/tarball.js';
import { FolderStore } from '../src/store/index.js';

const run = promisify(execFile);
const HERE = resolve(import.meta.dirname, 'hostile');
const NOBODY = 65534;
/** The host uid a root caller's steps run as (sandbox.ts's default). */
const SANDBOX_UID = 61000;
/** The host uid a step runs as: 61000 for a root caller, the caller's own uid otherwise. */
const stepUid = (uid: number | undefined) => uid ?? (process.getuid!() === 0 ? SANDBOX_UID : process.getuid!());
const CANARY = `sagewire-canary-${process.pid}`;
const SECRET_ENV = { SAGEWIRE_INVENTORY_TOKEN: `${CANARY}-token`, AWS_SECRET_ACCESS_KEY: `${CANARY}-aws`, SAGEWIRE_CANARY: CANARY };

let root: string;
let tcp: Server;
let tcpHits = 0;
const sockets: NetServer[] = [];
let socketHits = 0;
const abstractName = `sagewire-hostile-${process.pid}`;
const runSocket = `/run/sagewire-hostile-${process.pid}.sock`;
/** Sockets in host folders a non-root caller can reach and that no cover hides (root creates them, mode 0777). */
const openSockets = {
  var_lib_socket: `/var/lib/sagewire-hostile-${process.pid}/host.sock`,
  opt_socket: `/opt/sagewire-hostile-${process.pid}.sock`,
  project_socket: resolve(import.meta.dirname, '..', `.sagewire-hostile-${process.pid}.sock`),
};
/** Sleeping processes of the step's user started before a run: RLIMIT_NPROC counts them too. */
const sleepers: ChildProcess[] = [];

const code = (file: string) => ({ InputName: 'code', S3Input: { S3Uri: `s3://hostile/code/${file}`, LocalPath: '/opt/ml/processing/input/code', S3DataType: 'S3Prefix' } });
const report = { OutputName: 'report', S3Output: { S3Uri: { 'Std:Join': { On: '/', Values: ['s3://hostile/out', { Get: 'Execution.PipelineExecutionId' }, 'REPLACE'] } }, LocalPath: '/opt/ml/processing/output/report' } };

function attackStep(name: string, attack: string, env: Record<string, string> = {}) {
  const out = JSON.parse(JSON.stringify(report).replace('REPLACE', name)) as typeof report;
  return {
    Name: name,
    Type: 'Processing',
    Arguments: {
      AppSpecification: { ImageUri: 'x', ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/attack.py', attack] },
      ProcessingInputs: [code('attack.py')],
      ProcessingOutputConfig: { Outputs: [out] },
      Environment: env,
    },
  };
}

interface Setup {
  dir: string;
  home: string;
  storeDir: string;
  stateDir: string;
  hostDir: string;
  hostKey: string;
}

async function setUp(dir: string, owner?: number): Promise<Setup> {
  const home = join(dir, 'home');
  const storeDir = join(dir, 'store');
  const stateDir = join(dir, 'state');
  const hostDir = join(dir, 'host-folder');
  const hostKey = join(hostDir, 'id_rsa');
  await mkdir(join(home, '.aws'), { recursive: true });
  await writeFile(join(home, '.aws', 'credentials'), `[default]\naws_secret_access_key = ${CANARY}-home\n`);
  await mkdir(hostDir, { recursive: true });
  await writeFile(hostKey, `-----BEGIN KEY----- ${CANARY}-key`, { mode: 0o600 });
  const otherRun = join(stateDir, 'runs', 'aaaaaaaaaaaa', 'Other', 'ml');
  await mkdir(otherRun, { recursive: true });
  await writeFile(join(otherRun, 'secret.txt'), `${CANARY}-other-run`);
  const store = new FolderStore(storeDir);
  await store.putFile('s3://hostile/code/attack.py', join(HERE, 'attack.py'));
  await store.putFile('s3://hostile/code/register.mjs', join(HERE, 'fake-register.mjs'));
  await store.putBytes('s3://hostile/secret/object.txt', `${CANARY}-store-object`);
  const src = join(dir, 'src');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'train.py'), `import os\nimport shutil\nshutil.rmtree('/opt/ml/model')\nos.symlink(${JSON.stringify(hostDir)}, '/opt/ml/model')\n`);
  await packDirectory(src, join(dir, 'sourcedir.tar.gz'));
  await store.putFile('s3://hostile/code/sourcedir.tar.gz', join(dir, 'sourcedir.tar.gz'));
  if (owner !== undefined) await run('chown', ['-R', `${owner}:${owner}`, dir]);
  return { dir, home, storeDir, stateDir, hostDir, hostKey };
}

function definition(s: Setup, sock: string): PipelineDefinition {
  const paths = {
    aws_credentials: join(s.home, '.aws', 'credentials'),
    other_run: join(s.stateDir, 'runs', 'aaaaaaaaaaaa', 'Other', 'ml', 'secret.txt'),
    store_object: join(s.storeDir, 'hostile', 'secret', 'object.txt'),
    host_key: s.hostKey,
  };
  const port = String((tcp.address() as { port: number }).port);
  return {
    Version: '2020-12-01',
    Steps: [
      attackStep('Privileges', 'privileges'),
      attackStep('Secrets', 'secrets', { CANARY_PATHS: JSON.stringify(paths) }),
      attackStep('Sockets', 'sockets', {
        CANARY_PATHS: JSON.stringify({ tmp_socket: sock, run_socket: runSocket, ...openSockets }),
        ABSTRACT_NAME: abstractName,
        TCP_PORT: port,
        SAGEWIRE_REGISTRAR: `http://127.0.0.1:${port}`,
      }),
      {
        Name: 'FakeRegister',
        Type: 'Processing',
        Arguments: {
          AppSpecification: { ImageUri: 'x', ContainerEntrypoint: ['node', '/opt/ml/processing/input/code/register.mjs'] },
          ProcessingInputs: [code('register.mjs')],
          ProcessingOutputConfig: { Outputs: [JSON.parse(JSON.stringify(report).replace('REPLACE', 'FakeRegister'))] },
          Environment: { TCP_PORT: port, SAGEWIRE_REGISTRAR: `http://127.0.0.1:${port}` },
        },
      },
      attackStep('ForkBomb', 'fork_bomb'),
      attackStep('DiskFiller', 'disk_filler'),
      attackStep('SpreadFiller', 'spread_filler'),
      attackStep('LinkOutput', 'link_output', { CANARY_PATHS: JSON.stringify({ host_dir: s.hostDir }) }),
      attackStep('LinkEntry', 'link_entry', { CANARY_PATHS: JSON.stringify({ host_key: s.hostKey }) }),
      attackStep('LinkParent', 'link_parent', { CANARY_PATHS: JSON.stringify({ host_dir: s.hostDir }) }),
      {
        Name: 'LinkModel',
        Type: 'Training',
        Arguments: {
          AlgorithmSpecification: { TrainingImage: 'x', TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: 's3://hostile/models' },
          HyperParameters: { sagemaker_program: '"train.py"', sagemaker_submit_directory: '"s3://hostile/code/sourcedir.tar.gz"' },
          ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 },
        },
      },
    ],
  } as unknown as PipelineDefinition;
}

/** Runs the hostile definition in a child process as `uid` (undefined: as this process). */
async function runAs(s: Setup, uid: number | undefined, sock: string): Promise<RunSummary> {
  const job = join(s.dir, 'job.json');
  await writeFile(job, JSON.stringify({ definition: definition(s, sock), storeDir: s.storeDir, stateDir: s.stateDir, inventoryUrl: `http://127.0.0.1:${(tcp.address() as { port: number }).port}`, token: SECRET_ENV.SAGEWIRE_INVENTORY_TOKEN }));
  if (uid !== undefined) await chown(job, uid, uid);
  const node = [process.execPath, '--import', 'tsx', join(HERE, 'run-hostile.ts'), job];
  const argv = uid === undefined ? node : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', ...node];
  const { stdout } = await run(argv[0]!, argv.slice(1), {
    cwd: resolve(import.meta.dirname, '..'),
    env: { PATH: process.env.PATH!, HOME: s.home, ...SECRET_ENV },
    maxBuffer: 64 * 2 ** 20,
    timeout: 240_000,
  });
  return JSON.parse(stdout) as RunSummary;
}

async function storeText(dir: string): Promise<string> {
  let all = '';
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) all += `${p}\n${await readFile(p, 'latin1')}\n`;
    }
  };
  await walk(dir);
  return all;
}

async function unixServer(path: string): Promise<void> {
  const srv = createNetServer((c) => {
    socketHits++;
    c.destroy();
  });
  await new Promise<void>((ok) => srv.listen(path, ok));
  await chmod(path.startsWith('\0') ? '/' : path, path.startsWith('\0') ? 0o755 : 0o777).catch(() => {});
  sockets.push(srv);
}

beforeAll(async () => {
  if (!bwrapAvailable()) throw new Error('bubblewrap cannot start a sandbox here; install it with: apt-get install bubblewrap');
  root = await mkdtemp(join(tmpdir(), 'sagewire-hostile-'));
  await chmod(root, 0o755);
  tcp = createHttpServer((_q, r) => {
    tcpHits++;
    r.end('{}');
  });
  await new Promise<void>((ok) => tcp.listen(0, '127.0.0.1', ok));
  await unixServer(`\0${abstractName}`);
  if (process.getuid?.() === 0) {
    await unixServer(runSocket);
    await mkdir(dirname(openSockets.var_lib_socket), { recursive: true, mode: 0o755 });
    for (const path of Object.values(openSockets)) await unixServer(path);
  }
}, 60_000);

afterAll(async () => {
  tcp?.close();
  for (const s of sockets) s.close();
  for (const p of sleepers) p.kill('SIGKILL');
  await rm(runSocket, { force: true });
  await rm(dirname(openSockets.var_lib_socket), { recursive: true, force: true });
  for (const path of Object.values(openSockets)) await rm(path, { force: true });
  if (root) await rm(root, { recursive: true, force: true });
});

const cases: [string, number | undefined][] = [
  ['as the caller (root on CI)', undefined],
  ['as an unprivileged user (setpriv --reuid=65534)', NOBODY],
];

describe.each(cases)('hostile steps %s', (_label, uid) => {
  let s: Setup;
  let summary: RunSummary;
  let reports: Record<string, Record<string, { ok: boolean; value?: unknown; error?: string } & Record<string, unknown>>>;
  const steps = () => Object.fromEntries(summary.steps.map((x) => [x.name, x]));

  beforeAll(async () => {
    if (uid !== undefined && process.getuid?.() !== 0) return;
    s = await setUp(await mkdtemp(join(root, 'case-')), uid);
    const sock = join(s.dir, 'host.sock');
    await unixServer(sock);
    if (uid !== undefined) await chown(sock, uid, uid);
    // 150 processes of the step's user (the caller itself when it is not root) already run:
    // the fork bomb's bound of 128 must still leave the step its own processes.
    for (let i = 0; i < 150; i++) {
      sleepers.push(spawn('setpriv', [`--reuid=${stepUid(uid)}`, `--regid=${stepUid(uid)}`, '--clear-groups', '--', 'sleep', '600'], { stdio: 'ignore' }));
    }
    summary = await runAs(s, uid, sock);
    for (const p of sleepers.splice(0)) p.kill('SIGKILL');
    const store = new FolderStore(s.storeDir);
    reports = {};
    for (const step of summary.steps) {
      const uri = `s3://hostile/out/${summary.executionId}/${step.name}/report.json`;
      if (await store.head(uri)) reports[step.name] = JSON.parse((await store.getBytes(uri)).toString('utf8'));
    }
  }, 300_000);

  const skipUnlessRoot = uid !== undefined && process.getuid?.() !== 0;

  it.skipIf(skipUnlessRoot)('a step has no capabilities, is not root, and cannot remount, mknod, chroot or mount', () => {
    const r = reports.Privileges!;
    expect(steps().Privileges!.status, steps().Privileges!.message).toBe('done');
    expect(r.uid).toBe(stepUid(uid));
    for (const line of r.caps as unknown as string[]) expect(line).toMatch(/:\s+0{16}$/);
    for (const k of ['remount', 'write_usr_after_remount', 'nested_userns_remount', 'mknod', 'chroot', 'tmpfs_mount', 'setuid_0', 'write_root', 'write_dev']) {
      expect(r[k]!.ok, `${k}: ${JSON.stringify(r[k])}`).toBe(false);
    }
    expect(existsSync('/usr/sagewire-escape')).toBe(false);
    expect(existsSync('/root/sagewire-escape')).toBe(false);
  });

  it.skipIf(skipUnlessRoot)("cannot read the caller's credentials, /etc/shadow, other runs or store objects; sees no caller environment", () => {
    const r = reports.Secrets!;
    for (const k of ['aws_credentials', 'other_run', 'store_object', 'host_key', 'shadow']) expect(r[k]!.ok, `${k}: ${JSON.stringify(r[k])}`).toBe(false);
    for (const k of ['home_listing', 'root_listing', 'run_listing']) {
      if (r[k]!.ok) expect(r[k]!.value, k).toEqual([]);
    }
    const env = r.env as unknown as Record<string, string>;
    expect(JSON.stringify(env)).not.toContain(CANARY);
    expect(Object.keys(env).sort(), JSON.stringify(env)).toEqual(['CANARY_PATHS', 'HOME', 'LANG', 'PATH', 'PWD'].sort());
  });

  it.skipIf(skipUnlessRoot)('reaches no host socket and no network, even naming SAGEWIRE_REGISTRAR or calling itself register.mjs', () => {
    const r = reports.Sockets!;
    for (const k of ['tmp_socket', 'run_socket', ...Object.keys(openSockets), 'abstract', 'tcp', 'registrar_store_write']) expect(r[k]!.ok, `${k}: ${JSON.stringify(r[k])}`).toBe(false);
    const fake = reports.FakeRegister!;
    expect(steps().FakeRegister!.status, steps().FakeRegister!.message).toBe('done');
    expect(String(fake.tcp)).not.toBe('connected');
    expect(String(fake.store)).not.toBe('written');
    const env = fake.env as unknown as Record<string, string>;
    expect(env.SAGEWIRE_INVENTORY_TOKEN).toBeUndefined();
    expect(env.SAGEWIRE_LOCAL_STORE).toBeUndefined();
    expect(JSON.stringify(env)).not.toContain(CANARY);
    expect(tcpHits).toBe(0);
    expect(socketHits).toBe(0);
  });

  it.skipIf(skipUnlessRoot)('a fork bomb and a disk filler stop at the limits', () => {
    const bomb = reports.ForkBomb!;
    // The bound is 128 more than the user ran at the start (a concurrent step of the same user
    // that ends meanwhile leaves its share), and the 150 it already ran do not starve the step.
    expect(bomb.children as unknown as number).toBeLessThan(192);
    expect(bomb.children as unknown as number).toBeGreaterThan(100);
    expect(String(bomb.stopped_by)).toMatch(/Resource temporarily unavailable|BlockingIOError|EAGAIN/);
    const fill = reports.DiskFiller!;
    for (const k of ['big_file', 'tmp_fill', 'shm_fill']) expect(fill[k]!.ok, `${k}: ${JSON.stringify(fill[k])}`).toBe(false);
    expect(fill.big_file!.error).toMatch(/File too large|EFBIG/);
    expect(fill.tmp_fill!.error).toMatch(/No space left|ENOSPC/);
    // 512 files of 1 MiB, each under the 8 MiB file size limit: /opt/ml's 16 MiB total stops it.
    const spread = steps().SpreadFiller!;
    expect(spread.status).toBe('failed');
    expect(spread.message).toMatch(/wrote more than \/opt\/ml may hold \((\d+) bytes used, the bound is 16777216: limits\.mlBytes\)/);
    const used = Number(/\((\d+) bytes used/.exec(spread.message!)![1]);
    expect(used).toBeLessThan(256 * 2 ** 20);
    expect(reports.SpreadFiller).toBeUndefined();
  });

  it.skipIf(skipUnlessRoot)('outputs and model folders that are links are refused, named, and the host folder is untouched', async () => {
    const st = steps();
    expect(st.LinkOutput!.status).toBe('failed');
    expect(st.LinkOutput!.message).toMatch(/processing\/output\/report is a symbolic link/);
    expect(st.LinkEntry!.status).toBe('failed');
    expect(st.LinkEntry!.message).toMatch(/key\.pem is a symbolic link/);
    expect(st.LinkParent!.status).toBe('failed');
    expect(st.LinkParent!.message).toMatch(/processing\/output is a symbolic link/);
    expect(st.LinkModel!.status).toBe('failed');
    expect(st.LinkModel!.message).toMatch(/\/opt\/ml\/model.*symbolic link/);
    expect((await readFile(s.hostKey, 'utf8')).includes(CANARY)).toBe(true);
    expect((await stat(s.hostKey)).mode & 0o777).toBe(0o600);
  });

  it.skipIf(skipUnlessRoot)('nothing of the host lands in the store', async () => {
    const text = await storeText(s.storeDir);
    for (const leak of ['-home', '-key', '-other-run', '-token', '-aws']) expect(text).not.toContain(`${CANARY}${leak}`);
    // The store's own secret object is there once, where it was put.
    expect(text.split(`${CANARY}-store-object`).length - 1).toBe(1);
  });
});

