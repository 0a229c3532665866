import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryError } from '../../errors.js';
import { openStore, type ObjectStore } from '../../store/index.js';
import { startInventoryServer, type InventoryServer } from '../server/start-server.js';
import { writeModelPackage, writePayload } from '../../../test/inventory-fixtures.js';
import { registrarContract, type RegistrarFixture } from '../../../test/inventory-registrar-contract.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { registerModel } from '../../scripts/register/register-model.js';
import type { RegistrationConfig, RegistrationRequest } from '../model/request-schema.js';
import { InventoryRegistrar } from './inventory-registrar.js';
import type { ModelRegistrar } from './model-registrar.js';

const WRITER = 'writer-token-abcdefghijklmnop';
const READER = 'reader-token-abcdefghijklmnop';
let dir: string;
let server: InventoryServer;
let store: ObjectStore;
let fixture: RegistrarFixture;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-inv-registrar-'));
  store = openStore({ root: join(dir, 'store') });
  server = await startInventoryServer({
    dataDir: join(dir, 'inventory'),
    sourceStore: store,
    tokens: [
      { role: 'writer', token: WRITER },
      { role: 'reader', token: READER },
    ],
  });
  fixture = {
    registrar: new InventoryRegistrar(server.url, WRITER),
    store,
    tempPrefix: 's3://caller-bucket/tmp',
    models: [await writeModelPackage(join(dir, 'm1'), { weights: 'one' }), await writeModelPackage(join(dir, 'm2'), { weights: 'two' })],
    payload: await writePayload(join(dir, 'p')),
  };
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

registrarContract('InventoryRegistrar', () => fixture);

describe('InventoryRegistrar', () => {
  it('uploads with the digest of the registration script’s validating pass (the file is not read again to hash it: the model is sent beside its check); the inventory refuses bytes that do not match it', async () => {
    const model = await writeModelPackage(join(dir, 'known'), { weights: 'known' });
    const payload = await writePayload(join(dir, 'known-p'));
    const seen: { path: string; sha256: string | undefined }[] = [];
    const inner = new InventoryRegistrar(server.url, WRITER);
    const spying: ModelRegistrar = {
      description: inner.description,
      uploadArtifact: async (path, known) => {
        const uri = await inner.uploadArtifact(path, known);
        seen.push({ path, sha256: known && 'checking' in known ? await known.checking : known?.sha256 });
        return uri;
      },
      register: (request) => inner.register(request),
      waitForDone: (handle, opts) => inner.waitForDone(handle, { ...opts, pollInterval: 50 }),
    };
    const { model_artifact_uri: _m, payload_artifact_uri: _p, ...config } = sampleRequest({ model_artifact_uri: 's3://unused/model.tar.gz' }) as RegistrationRequest;
    const result = await registerModel({ modelFile: model, payloadFile: payload, config: config as RegistrationConfig, registrar: spying, timeout: 30_000 });
    expect(result.status).toBe('REGISTERED');
    const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(seen).toEqual([
      { path: model, sha256: digest(model) },
      { path: payload, sha256: digest(payload) },
    ]);
    // A file that changed after its scan: the digest sent no longer matches the bytes, nothing is kept.
    await expect(inner.uploadArtifact(model, { sha256: digest(payload) })).rejects.toThrow(/not the .* that x-content-sha256 announced/);
  });

  it('reports a package without code/inference.py as FAILED with the cause', async () => {
    const uri = 's3://caller-bucket/tmp/nocode/model.tar.gz';
    await store.putFile(uri, await writeModelPackage(join(dir, 'nocode'), { program: null }));
    const started = await fixture.registrar.register(sampleRequest({ model_artifact_uri: uri }));
    const outcome = await fixture.registrar.waitForDone(started.handle, { timeout: 30_000, pollInterval: 50 });
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(/no code\/inference\.py/);
  });

  it('reports a payload that does not match the input variables as FAILED naming the sample', async () => {
    const model = 's3://caller-bucket/tmp/badpayload/model.tar.gz';
    const payload = 's3://caller-bucket/tmp/badpayload/payload.tar.gz';
    await store.putFile(model, fixture.models[0]);
    await store.putFile(payload, await writePayload(join(dir, 'badpayload'), 'x,FR', '{"amount": 1}'));
    const started = await fixture.registrar.register(sampleRequest({ model_artifact_uri: model, payload_artifact_uri: payload }));
    const outcome = await fixture.registrar.waitForDone(started.handle, { timeout: 30_000, pollInterval: 50 });
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('payload_text_csv_0.csv:1.amount: NUMERIC variable has value "x"');
    expect(outcome.reason).toContain('payload_application_json_0.json: missing input variable(s): country');
  });

  it('reports a missing artifact as FAILED naming the URI', async () => {
    const started = await fixture.registrar.register(sampleRequest({ model_artifact_uri: 's3://caller-bucket/tmp/absent/model.tar.gz' }));
    const outcome = await fixture.registrar.waitForDone(started.handle, { timeout: 30_000, pollInterval: 50 });
    expect(outcome).toMatchObject({ status: 'FAILED' });
    expect(outcome.reason).toMatch(/absent\/model\.tar\.gz does not exist/);
  });

  it('fails clearly, without retrying, on a 4xx: a reader token and a bad request', async () => {
    const reader = new InventoryRegistrar(server.url, READER);
    await expect(reader.register(sampleRequest())).rejects.toMatchObject({ status: 403 });
    const bad = fixture.registrar.register({ ...sampleRequest(), model_owner: undefined } as never);
    await expect(bad).rejects.toBeInstanceOf(InventoryError);
    await expect(bad).rejects.toMatchObject({ status: 400, issues: [{ path: 'model_owner', message: 'is required' }] });
  });

  it('retries connection errors, then gives up with a clear error', async () => {
    // A server that drops every connection: each attempt is one connection.
    let connections = 0;
    const dropping = createNetServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((r) => dropping.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
      const flaky = new InventoryRegistrar(url, WRITER, { retry: { attempts: 3, baseDelayMs: 10 } });
      await expect(flaky.register(sampleRequest())).rejects.toThrow(/unreachable or failing after retries/);
      expect(connections).toBe(3);
    } finally {
      await new Promise((r) => dropping.close(r));
    }
  });
});
