/**
 * The inventory's reliability list, probed as an attacker would, against the real
 * `sagewire inventory serve` process over its socket (the unit tests use the app in-process).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelPackage, writePayload } from './inventory-fixtures.js';
import { sampleRequest } from './inventory-sample-request.js';
import { runCli } from './helpers/cli.js';
import { startServe, type ServeProcess } from './inventory-helpers.js';

let dir: string;
let dataDir: string;
let serve: ServeProcess;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${serve.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function upload(bytes: Buffer): Promise<string> {
  const res = await fetch(`${serve.url}/v1/artifacts`, { method: 'POST', body: bytes });
  expect(res.status).toBe(201);
  return ((await res.json()) as { uri: string }).uri;
}

async function waitTerminal(id: string): Promise<{ status: string; reason: string | null; modelId: string; modelVersion: number | null }> {
  for (let i = 0; i < 600; i++) {
    const r = (await (await fetch(`${serve.url}/v1/registrations/${id}`)).json()) as { status: string; reason: string | null; modelId: string; modelVersion: number | null };
    if (r.status === 'REGISTERED' || r.status === 'FAILED') return r;
    await new Promise((d) => setTimeout(d, 100));
  }
  throw new Error(`${id} did not finish`);
}

async function registerUploaded(model: Buffer, objective: string) {
  const res = await post('/v1/registrations', sampleRequest({ model_objective: objective, model_artifact_uri: await upload(model) }));
  expect(res.status).toBe(202);
  return waitTerminal(((await res.json()) as { registrationId: string }).registrationId);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-inventory-hostile-'));
  dataDir = join(dir, 'data');
  serve = await startServe(['--data-dir', dataDir], {});
});
afterAll(async () => {
  await serve?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory under hostile requests (real server)', () => {
  it('a 5000-deep body in a burst of good ones is refused alone with 400; every good one is recorded', async () => {
    const deep = `{"performance_metadata": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([
        post('/v1/registrations', sampleRequest({ performance_metadata: { round, i: 0 } })),
        post('/v1/registrations', deep),
        post('/v1/registrations', sampleRequest({ performance_metadata: { round, i: 1 } })),
        post('/v1/registrations', sampleRequest({ performance_metadata: { round, i: 2 } })),
      ]);
      expect(answers.map((a) => a.status)).toEqual([202, 400, 202, 202]);
    }
    expect(serve.output()).not.toMatch(/unexpected error/);
  });

  it('a second server on the same data dir refuses to start, naming the holder, without a stack trace', async () => {
    const res = await runCli(['inventory', 'serve', '--port', '0', '--data-dir', dataDir]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`in use by another inventory server \\(process ${serve.proc.pid}\\)`));
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses control characters in identifiers and in the Idempotency-Key, unknown fields with a did-you-mean, and over-long fields', async () => {
    for (const [field, value] of [
      ['model_domain', 'a\u0000b'],
      ['model_objective', 'a\u001bb'],
      ['model_owner', 'a\u0085b'],
    ] as const) {
      const res = await post('/v1/registrations', sampleRequest({ [field]: value }));
      expect(res.status, field).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('must not contain control characters');
    }
    const key = await new Promise<number>((resolve, reject) => {
      const req = request(`${serve.url}/v1/registrations`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'a\u0001b' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(sampleRequest()));
    }).catch(() => 400); // Node may refuse to send it at all, which is as good
    expect(key).toBe(400);
    const typo = await post('/v1/registrations', { ...sampleRequest(), model_domian: 'x' });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(await typo.json())).toContain('did you mean \\"model_domain\\"');
    const long = await post('/v1/registrations', sampleRequest({ model_domain: 'd'.repeat(257) }));
    expect(long.status).toBe(400);
    const huge = await post('/v1/registrations', JSON.stringify({ ...sampleRequest(), performance_metadata: { x: 'y'.repeat(2 * 1024 * 1024) } }));
    expect(huge.status).toBe(413);
  });

  it('answers an over-limit body that arrives slowly with 413, after taking all of it (no EPIPE for the sender)', async () => {
    // 2 MiB in 16 pieces over ~1.6 s: longer than the 500 ms @hono/node-server drains for after
    // an early answer, which is what a loaded machine does to a fetch of a large body.
    const { hostname, port } = new URL(serve.url);
    const piece = Buffer.alloc(128 * 1024, 0x20);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let text = '';
      socket.on('data', (d) => (text += d.toString('latin1')));
      let written = 0;
      // The answer must come after the whole body was taken: a server that closes earlier
      // makes the sender's next write fail (EPIPE), which is how fetch lost the 413.
      socket.on('end', () => (written === 16 ? resolve(text) : reject(new Error(`answered and closed after ${written} of 16 pieces: ${text.split('\r\n')[0]}`))));
      socket.on('error', reject);
      socket.write(`POST /v1/registrations HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${16 * piece.length}\r\n\r\n`);
      let sent = 0;
      const next = () => {
        if (sent === 16) return;
        sent += 1;
        socket.write(piece, (err) => {
          if (err) return reject(err);
          written += 1;
          setTimeout(next, 100);
        });
      };
      next();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('PAYLOAD_TOO_LARGE');
  });

  it('two (domain, objective) pairs that differ only where a separator could hide never share a model id', async () => {
    const a = await post('/v1/registrations', sampleRequest({ model_domain: 'ab', model_objective: 'c' }));
    const b = await post('/v1/registrations', sampleRequest({ model_domain: 'a', model_objective: 'bc' }));
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(((await a.json()) as { modelId: string }).modelId).not.toBe(((await b.json()) as { modelId: string }).modelId);
  });

  it('never follows a link out of its artifact folder: not for a planted upload, not for a version swapped for a link', async () => {
    const secret = join(dir, 'secret.tar.gz');
    writeFileSync(secret, readFileSync(await writeModelPackage(join(dir, 'secret-model'), { weights: 'secret weights' })));
    const secretSha = sha256(readFileSync(secret));
    const uploads = join(dataDir, 'artifacts', 'inventory', 'artifacts');
    mkdirSync(uploads, { recursive: true });
    symlinkSync(secret, join(uploads, `sha256-${secretSha}`));
    const planted = await post('/v1/registrations', sampleRequest({ model_objective: 'planted', model_artifact_uri: `inventory://artifacts/${secretSha}` }));
    if (planted.status === 202) {
      const r = await waitTerminal(((await planted.json()) as { registrationId: string }).registrationId);
      expect(r.status).toBe('FAILED');
      expect(r.reason).toMatch(/symbolic link/);
      expect(r.reason).not.toContain(dir);
    } else {
      expect([400, 422]).toContain(planted.status);
      const text = JSON.stringify(await planted.json());
      expect(text).toMatch(/symbolic link/);
      expect(text).not.toContain(dir);
    }
    unlinkSync(join(uploads, `sha256-${secretSha}`));

    const model = readFileSync(await writeModelPackage(join(dir, 'own-model'), { weights: 'own weights' }));
    const done = await registerUploaded(model, 'swapped');
    expect(done.status).toBe('REGISTERED');
    const version = (await (await fetch(`${serve.url}/v1/models/${done.modelId}/versions/${done.modelVersion}`)).json()) as { artifactUri: string };
    const kept = join(dataDir, 'artifacts', 'inventory', version.artifactUri.slice('s3://inventory/'.length));
    unlinkSync(kept);
    symlinkSync(secret, kept);
    const res = await fetch(`${serve.url}/v1/models/${done.modelId}/versions/${done.modelVersion}/artifact`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.status).not.toBe(200);
    expect(body.includes(Buffer.from('secret weights'))).toBe(false);
    expect(body.toString()).not.toContain(dir);
  });

  it('shows readers failure reasons without server paths', async () => {
    const done = await registerUploaded(Buffer.from('not a gzip archive at all'), 'garbage');
    expect(done.status).toBe('FAILED');
    expect(done.reason).toBeTruthy();
    expect(done.reason).not.toContain(dataDir);
    expect(done.reason).not.toContain(tmpdir() + '/');
  });

  it('sends a Content-Security-Policy with the page', async () => {
    const res = await fetch(`${serve.url}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });

  it('takes a client hanging up mid-upload quietly: no unexpected error, nothing left in work/', async () => {
    const before = serve.output().length;
    await new Promise<void>((resolve) => {
      const req = request(`${serve.url}/v1/artifacts`, { method: 'POST', headers: { 'content-length': String(10 * 1024 * 1024) } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(256 * 1024, 1));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    await new Promise((d) => setTimeout(d, 1000));
    expect(serve.output().slice(before)).not.toMatch(/unexpected error|^\s+at /m);
    expect(readdirSync(join(dataDir, 'work'))).toEqual([]);
    // and the server still serves
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
  });

  it('a payload upload still registers after all this (the server is healthy)', async () => {
    const model = readFileSync(await writeModelPackage(join(dir, 'last-model'), { weights: 'last' }));
    const payload = readFileSync(await writePayload(join(dir, 'last-payload')));
    const res = await post('/v1/registrations', sampleRequest({ model_objective: 'last', model_artifact_uri: await upload(model), payload_artifact_uri: await upload(payload) }));
    expect(res.status).toBe(202);
    expect((await waitTerminal(((await res.json()) as { registrationId: string }).registrationId)).status).toBe('REGISTERED');
  });
});
