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
