import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { NODE_RUNTIME, type NodeRuntimePin } from './node-runtime.js';
import { ensureNodeRuntime, RUNTIME_ENV, sagewireCacheDir } from './node-runtime-cache.js';

const BINARY = Buffer.from('#!/bin/sh\necho fake node\n'.repeat(4000));
const LICENSE = Buffer.from('Fake licence text\n');

async function tarball(files: Record<string, Buffer>): Promise<Buffer> {
  const p = pack();
  for (const [name, data] of Object.entries(files)) p.entry({ name, mode: 0o755 }, data);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let tgz: Buffer;
let pin: NodeRuntimePin;
let server: Server;
let registry: string;
let requests = 0;
let serve: () => Buffer;
/** What the private registry under /private/ demands, and the Authorization headers it saw. */
const TOKEN = 'npm_s3cr3t-T0KEN-for-the-test';
const BASIC = Buffer.from('builder:hunter2-pass').toString('base64');
const seen: (string | undefined)[] = [];

beforeAll(async () => {
  tgz = await tarball({ 'package/README.md': Buffer.from('x'), 'package/bin/node': BINARY, 'package/LICENSE': LICENSE });
  pin = {
    package: 'fake-node',
    version: '1.0.0',
    integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}`,
    binary: { member: 'package/bin/node', sha256: sha256(BINARY), size: BINARY.length },
    license: { member: 'package/LICENSE', sha256: sha256(LICENSE), size: LICENSE.length },
  };
  serve = () => tgz;
  server = createServer((req, res) => {
    requests++;
    if (req.url?.startsWith('/private/') || req.url?.startsWith('/basic/')) {
      if (req.url.endsWith('.tgz')) seen.push(req.headers.authorization);
      const want = req.url.startsWith('/private/') ? `Bearer ${TOKEN}` : `Basic ${BASIC}`;
      if (req.headers.authorization !== want) {
        res.writeHead(req.headers.authorization ? 403 : 401).end();
        return;
      }
      req.url = req.url.replace(/^\/(private|basic)/, '');
    }
    if (req.url !== '/fake-node/-/fake-node-1.0.0.tgz') {
      res.writeHead(404).end();
      return;
    }
    const body = serve();
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const fresh = () => mkdtempSync(join(tmpdir(), 'sagewire-rtcache-'));

describe('the Node runtime cache', () => {
  it('fetches through the registry once, verified, with progress; later calls never fetch', async () => {
    const cacheDir = fresh();
    const lines: string[] = [];
    const before = requests;
    const files = await ensureNodeRuntime({ pin, cacheDir, registry, env: {}, log: (l) => lines.push(l) });
    expect(readFileSync(files.binary)).toEqual(BINARY);
    expect(readFileSync(files.license)).toEqual(LICENSE);
    expect(statSync(files.binary).mode & 0o777).toBe(0o755);
    expect(lines.some((l) => /fetching fake-node@1\.0\.0 from http/.test(l))).toBe(true);
    expect(lines.some((l) => /100% \(/.test(l))).toBe(true);
    await ensureNodeRuntime({ pin, cacheDir, registry, env: {} });
    expect(requests - before).toBe(1);
  });

  it('two runs at once fetch it once (a lock), and both get it', async () => {
    const cacheDir = fresh();
    const before = requests;
    const [a, b] = await Promise.all([ensureNodeRuntime({ pin, cacheDir, registry, env: {} }), ensureNodeRuntime({ pin, cacheDir, registry, env: {} })]);
    expect(a).toEqual(b);
    expect(requests - before).toBe(1);
  });

  it('refuses a tarball that is not the pinned one and caches nothing', async () => {
    const cacheDir = fresh();
    serve = () => Buffer.concat([tgz.subarray(0, tgz.length - 1), Buffer.from([tgz[tgz.length - 1]! ^ 1])]);
    try {
      await expect(ensureNodeRuntime({ pin, cacheDir, registry, env: {} })).rejects.toThrow(/does not match the pinned Node runtime/);
    } finally {
      serve = () => tgz;
    }
    expect(readdirSync(join(cacheDir, 'runtime'))).toEqual([]);
  });

  it(`${RUNTIME_ENV} takes the npm tarball or the binary with its LICENSE, offline`, async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'pkg.tgz'), tgz);
    const before = requests;
    const offline = 'http://127.0.0.1:9/';
    const fromTgz = await ensureNodeRuntime({ pin, cacheDir: fresh(), registry: offline, env: { [RUNTIME_ENV]: join(dir, 'pkg.tgz') } });
    expect(readFileSync(fromTgz.binary)).toEqual(BINARY);
    mkdirSync(join(dir, 'pkg', 'bin'), { recursive: true });
    writeFileSync(join(dir, 'pkg', 'bin', 'node'), BINARY);
    chmodSync(join(dir, 'pkg', 'bin', 'node'), 0o644);
    const env = { [RUNTIME_ENV]: join(dir, 'pkg', 'bin', 'node') };
    await expect(ensureNodeRuntime({ pin, cacheDir: fresh(), registry: offline, env })).rejects.toThrow(/licence must travel with the binary/);
    writeFileSync(join(dir, 'pkg', 'LICENSE'), LICENSE);
    const fromBinary = await ensureNodeRuntime({ pin, cacheDir: fresh(), registry: offline, env });
    expect(readFileSync(fromBinary.license)).toEqual(LICENSE);
    expect(statSync(fromBinary.binary).mode & 0o777).toBe(0o755);
    writeFileSync(join(dir, 'other'), 'not node');
    await expect(ensureNodeRuntime({ pin, cacheDir: fresh(), env: { [RUNTIME_ENV]: join(dir, 'other') } })).rejects.toThrow(ConfigError);
    expect(requests).toBe(before);
  });

  it('names an unreachable registry and the offline way out', async () => {
    await expect(ensureNodeRuntime({ pin, cacheDir: fresh(), registry: 'http://127.0.0.1:9/', env: {} })).rejects.toThrow(new RegExp(`set ${RUNTIME_ENV}`));
  });

  describe('from a registry that needs a login, with the credential npm would send (never shown)', () => {
    /** A project folder (package.json + .npmrc) and a HOME with its own .npmrc. */
    function project(projectNpmrc: string, userNpmrc = ''): { cwd: string; home: string } {
      const root = fresh();
      const cwd = join(root, 'project');
      const home = join(root, 'home');
      mkdirSync(join(cwd, 'sub'), { recursive: true });
      mkdirSync(home);
      writeFileSync(join(cwd, 'package.json'), '{}');
      writeFileSync(join(cwd, '.npmrc'), projectNpmrc);
      writeFileSync(join(home, '.npmrc'), userNpmrc);
      return { cwd: join(cwd, 'sub'), home };
    }
    const host = () => registry.replace(/^http:/, '').replace(/\/$/, '');
    const noToken = (text: string) => {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(BASIC);
      expect(text).not.toContain('hunter2');
    };

    it('a project .npmrc: registry= and //host/path/:_authToken=${VAR}; npm resolves the registry, the Bearer token is sent, sha512 checked', async () => {
      const { cwd, home } = project(`registry=${registry}private/\n${host()}/private/:_authToken=\${SW_TEST_NPM_TOKEN}\n`);
      const lines: string[] = [];
      seen.length = 0;
      const files = await ensureNodeRuntime({ pin, cacheDir: fresh(), cwd, env: { HOME: home, SW_TEST_NPM_TOKEN: TOKEN }, log: (l) => lines.push(l) });
      expect(readFileSync(files.binary)).toEqual(BINARY);
      expect(seen).toEqual([`Bearer ${TOKEN}`]);
      expect(lines.join('\n')).toContain(`as ${host()}/private/:_authToken`);
      noToken(lines.join('\n'));
    });

    it('no credential: a 401 says which .npmrc line is missing; a wrong one: a 403 names its key and file; neither shows a token', async () => {
      const { cwd, home } = project(`registry=${registry}private/\n`);
      const none = await ensureNodeRuntime({ pin, cacheDir: fresh(), cwd, env: { HOME: home } }).catch((e: Error) => e);
      expect(none).toBeInstanceOf(ConfigError);
      expect((none as Error).message).toContain(`HTTP 401: the registry wants a login`);
      expect((none as Error).message).toContain(`add ${host()}/:_authToken=\${NPM_TOKEN}`);
      const wrong = project(`registry=${registry}private/\n${host()}/:_authToken=not-the-token\n`);
      const refused = await ensureNodeRuntime({ pin, cacheDir: fresh(), cwd: wrong.cwd, env: { HOME: wrong.home } }).catch((e: Error) => e);
      expect((refused as Error).message).toContain(`HTTP 403: the registry refused the credential npm settings give for it (${host()}/:_authToken, from ${join(wrong.cwd, '..', '.npmrc')})`);
      expect((refused as Error).message).not.toContain('not-the-token');
    });

    it('the user .npmrc with _auth (Basic); a token scoped to another path is not sent; npm_config_//… beats the files', async () => {
      const user = `${host()}/basic/:_auth=${BASIC}\n${host()}/private/:_authToken=wrong-from-user-file\n`;
      const { cwd, home } = project('', user);
      seen.length = 0;
      await ensureNodeRuntime({ pin, cacheDir: fresh(), cwd, registry: `${registry}basic/`, env: { HOME: home } });
      expect(seen).toEqual([`Basic ${BASIC}`]);
      // scoped to /elsewhere/: not sent to /private/
      const other = project(`${host()}/elsewhere/:_authToken=${TOKEN}\n`);
      seen.length = 0;
      await expect(ensureNodeRuntime({ pin, cacheDir: fresh(), cwd: other.cwd, registry: `${registry}private/`, env: { HOME: other.home } })).rejects.toThrow(/HTTP 401/);
      expect(seen).toEqual([undefined]);
      // the environment wins over the user file (whose token for /private/ is wrong)
      seen.length = 0;
      const env = { HOME: home, [`npm_config_${host()}/private/:_authToken`]: TOKEN };
      await ensureNodeRuntime({ pin, cacheDir: fresh(), cwd, registry: `${registry}private/`, env });
      expect(seen).toEqual([`Bearer ${TOKEN}`]);
      // npm_config_userconfig names the user file
      writeFileSync(join(home, 'other.npmrc'), `${host()}/private/:_authToken=${TOKEN}\n`);
      seen.length = 0;
      await ensureNodeRuntime({ pin, cacheDir: fresh(), cwd, registry: `${registry}private/`, env: { HOME: home, npm_config_userconfig: join(home, 'other.npmrc') } });
      expect(seen).toEqual([`Bearer ${TOKEN}`]);
    });

    it('a tarball that is not the pinned one is refused even from an authenticated registry', async () => {
      const { cwd, home } = project(`${host()}/private/:_authToken=${TOKEN}\n`);
      serve = () => Buffer.concat([tgz, Buffer.from([0])]);
      try {
        const err = await ensureNodeRuntime({ pin, cacheDir: fresh(), cwd, registry: `${registry}private/`, env: { HOME: home } }).catch((e: Error) => e);
        expect((err as Error).message).toMatch(/does not match the pinned Node runtime/);
        noToken((err as Error).message);
      } finally {
        serve = () => tgz;
      }
    });
  });

  it('caches under $XDG_CACHE_HOME/sagewire, else ~/.cache/sagewire', () => {
    expect(sagewireCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/sagewire');
    expect(sagewireCacheDir({ HOME: process.env.HOME })).toMatch(/\.cache\/sagewire$/);
  });

  it('the pinned runtime itself: the official binary, v' + NODE_RUNTIME.version + ', with its licence (fetched once per machine)', async () => {
    const files = await ensureNodeRuntime({ log: (l) => console.log(l) });
    const r = spawnSync(files.binary, ['--version'], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(`v${NODE_RUNTIME.version}`);
    expect(readFileSync(files.license, 'utf8')).toMatch(/Node\.js is licensed for use as follows/);
    expect(existsSync(files.binary)).toBe(true);
  }, 600_000);
});
