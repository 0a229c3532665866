import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { InventoryClient } from './inventory-client.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A server that answers with the given statuses in turn, recording each request's Idempotency-Key. */
async function scripted(statuses: number[]): Promise<{ url: string; keys: Array<string | undefined> }> {
  const keys: Array<string | undefined> = [];
  server = createServer((req, res) => {
    keys.push(req.headers['idempotency-key'] as string | undefined);
    const status = statuses[Math.min(keys.length - 1, statuses.length - 1)]!;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      status === 202
        ? JSON.stringify({ registrationId: 'reg-1', executionArn: 'arn:x', modelId: 'model-1', status: 'PENDING' })
        : JSON.stringify({ error: { message: `status ${status}`, issues: [{ path: 'model_owner', message: 'is required' }] } }),
    );
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, keys };
}

describe('InventoryClient', () => {
  it('retries 5xx answers with the same Idempotency-Key until one succeeds', async () => {
    const { url, keys } = await scripted([503, 500, 202]);
    const client = new InventoryClient(url, { retry: { baseDelayMs: 5 } });
    await expect(client.register(sampleRequest())).resolves.toMatchObject({ registrationId: 'reg-1' });
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not retry a 4xx and reports its status, message and issues', async () => {
    const { url, keys } = await scripted([422]);
    const client = new InventoryClient(url, { retry: { baseDelayMs: 5 } });
    await expect(client.register(sampleRequest())).rejects.toMatchObject({
      code: 'INVENTORY',
      status: 422,
      message: expect.stringContaining('status 422'),
      issues: [{ path: 'model_owner', message: 'is required' }],
    });
    expect(keys).toHaveLength(1);
  });

  it('gives up after the configured attempts on a server that keeps failing', async () => {
    const { url, keys } = await scripted([502]);
    const client = new InventoryClient(url, { retry: { attempts: 3, baseDelayMs: 5 } });
    await expect(client.getRegistration('reg-1')).rejects.toThrow(/failing after retries: GET .* HTTP 502/);
    expect(keys).toHaveLength(3);
  });
});

describe('InventoryClient.uploadArtifact (node http client, node request on the server)', () => {
  /** A real inventory with a small upload limit, and a file of `bytes` random bytes. */
  async function inventory(maxArtifactBytes: number, tokens?: Array<{ role: 'reader' | 'writer'; token: string }>) {
    const { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } = await import('node:fs');
    const { randomBytes, createHash } = await import('node:crypto');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startInventoryServer } = await import('../server/start-server.js');
    const dir = mkdtempSync(join(tmpdir(), 'sagewire-client-upload-'));
    const running = await startInventoryServer({ dataDir: join(dir, 'data'), maxArtifactBytes, ...(tokens ? { tokens } : {}) });
    const file = (bytes: number) => {
      const path = join(dir, `file-${bytes}`);
      const content = randomBytes(bytes);
      writeFileSync(path, content);
      return { path, sha256: createHash('sha256').update(content).digest('hex') };
    };
    const work = () => readdirSync(join(dir, 'data', 'work'), { recursive: true }).filter((name) => String(name).includes('upload-'));
    const kept = () => {
      const root = join(dir, 'data', 'artifacts');
      return existsSync(root) ? readdirSync(root, { recursive: true }).filter((name) => statSync(join(root, String(name))).isFile()) : [];
    };
    return { url: running.url, client: new InventoryClient(running.url, { retry: { baseDelayMs: 5 } }), file, work, kept, close: async () => (await running.close(), rmSync(dir, { recursive: true, force: true })) };
  }

  it('sends a file of several chunks: the inventory answers its sha256 and size', async () => {
    const inv = await inventory(64 * 1024 * 1024);
    try {
      const { path, sha256 } = inv.file(5 * 1024 * 1024 + 7);
      await expect(inv.client.uploadArtifact(path)).resolves.toEqual({ uri: `inventory://artifacts/${sha256}`, sha256, size: 5 * 1024 * 1024 + 7 });
    } finally {
      await inv.close();
    }
  });

  it('reports the server\'s refusal, not a broken pipe, when it answers before the body is sent', async () => {
    const inv = await inventory(1024 * 1024);
    try {
      const { path } = inv.file(16 * 1024 * 1024);
      await expect(inv.client.uploadArtifact(path)).rejects.toMatchObject({ code: 'INVENTORY', status: 413, message: expect.stringMatching(/over the upload limit of 1048576 bytes/) });
      const small = inv.file(1000);
      await expect(inv.client.uploadArtifact(small.path, { sha256: 'f'.repeat(64) })).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(/not the f{64} that x-content-sha256 announced: nothing was kept/),
      });
      expect(inv.work()).toEqual([]);
    } finally {
      await inv.close();
    }
  });

  it('reports a refused token before the body is all sent (401, and 403 for a reader)', async () => {
    const inv = await inventory(64 * 1024 * 1024, [{ role: 'reader', token: 'r'.repeat(32) }, { role: 'writer', token: 'w'.repeat(32) }]);
    try {
      const { path } = inv.file(32 * 1024 * 1024);
      const as = (token: string) => new InventoryClient(inv.url, { token, retry: { baseDelayMs: 5 } });
      await expect(as('x'.repeat(32)).uploadArtifact(path)).rejects.toMatchObject({ status: 401 });
      await expect(as('r'.repeat(32)).uploadArtifact(path)).rejects.toMatchObject({ status: 403 });
      await expect(as('w'.repeat(32)).uploadArtifact(path)).resolves.toMatchObject({ size: 32 * 1024 * 1024 });
    } finally {
      await inv.close();
    }
  });

  // register-model.ts sends the model beside its own check of it.
  it('beside a running check: holds the last chunk, keeps nothing when the check fails, compares digests when it passes', async () => {
    const inv = await inventory(64 * 1024 * 1024);
    try {
      const { path, sha256 } = inv.file(3 * 1024 * 1024 + 5);
      let read = false;
      const failing = new Promise<string>((_resolve, reject) => setTimeout(() => ((read = true), reject(new Error('no code/inference.py'))), 400));
      await expect(inv.client.uploadArtifact(path, { checking: failing })).rejects.toThrow(/^no code\/inference\.py$/);
      expect(read).toBe(true);
      expect(inv.kept()).toEqual([]);
      // the server removes its temporary file once it hears the request was cut short
      await vi.waitFor(() => expect(inv.work()).toEqual([]), { timeout: 5000 });
      expect(inv.kept()).toEqual([]);
      await expect(inv.client.uploadArtifact(path, { checking: Promise.resolve('0'.repeat(64)) })).rejects.toThrow(/the check here read 0{64}: the file changed while it was sent/);
      await expect(inv.client.uploadArtifact(path, { checking: Promise.resolve(sha256) })).resolves.toMatchObject({ sha256, size: 3 * 1024 * 1024 + 5 });
    } finally {
      await inv.close();
    }
  });

  it('names the file when it cannot be read, and the address when nothing listens', async () => {
    const inv = await inventory(1024 * 1024);
    await inv.close();
    await expect(inv.client.uploadArtifact('/nonexistent/model.tar.gz', { sha256: 'a'.repeat(64) })).rejects.toThrow(/nonexistent\/model\.tar\.gz/);
    const nobody = new InventoryClient(inv.client.baseUrl, { retry: { baseDelayMs: 1, attempts: 2 } });
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/sagewire-client-');
    try {
      writeFileSync(`${dir}/f`, 'x');
      await expect(nobody.uploadArtifact(`${dir}/f`)).rejects.toThrow(/unreachable or failing after retries: .*ECONNREFUSED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
