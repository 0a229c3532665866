import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
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
