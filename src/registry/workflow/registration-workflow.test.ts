import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore, type ObjectStore } from '../../store/index.js';
import { registrationRequestSchema } from '../model/request-schema.js';
import { InventoryClient } from '../client/inventory-client.js';
import { RecordStore } from '../records/record-store.js';
import { pollUntil } from '../registrars/poll-until.js';
import { startInventoryServer } from '../server/start-server.js';
import { writeModelPackage, writePayload } from '../../../test/inventory-fixtures.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { RegistrationWorkflow } from './registration-workflow.js';
import { isTerminal } from '../model/records.js';

let dir: string;
let source: ObjectStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-workflow-'));
  source = openStore({ root: join(dir, 'source') });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RegistrationWorkflow', () => {
  it('copies model and payload into its own store before REGISTERED, content-addressed', async () => {
    await source.putFile('s3://caller/tmp/model.tar.gz', await writeModelPackage(join(dir, 'm')));
    await source.putFile('s3://caller/tmp/payload.tar.gz', await writePayload(join(dir, 'p')));
    const records = new RecordStore(':memory:');
    const artifacts = openStore({ root: join(dir, 'artifacts') });
    const workflow = new RegistrationWorkflow({ records, sourceStore: source, artifactStore: { store: artifacts, prefix: 's3://inventory' }, workDir: join(dir, 'work') });
    const request = registrationRequestSchema.parse(
      sampleRequest({ model_artifact_uri: 's3://caller/tmp/model.tar.gz', payload_artifact_uri: 's3://caller/tmp/payload.tar.gz' }),
    );
    const { registration } = records.createRegistration(request);
    workflow.enqueue(registration.registrationId);
    await workflow.idle();
    const done = records.getRegistration(registration.registrationId);
    expect(done).toMatchObject({ status: 'REGISTERED', modelVersion: 1 });
    const version = records.getVersion(done.modelId, 1);
    expect(version.artifactUri).toBe(`s3://inventory/models/${done.modelId}/sha256-${version.artifactSha256}/model.tar.gz`);
    // the caller's copies can go: the inventory's are complete
    await source.deletePrefix('s3://caller/tmp/');
    expect((await artifacts.head(version.artifactUri))?.size).toBeGreaterThan(0);
    expect(await artifacts.head(version.payloadUri!)).toBeDefined();
    expect(readdirSync(join(dir, 'work'))).toEqual([]);
    records.close();
  });

  it('model_artifact_format "opaque": keeps and hashes artifacts it never opens; the default still refuses them', async () => {
    // A model.tar.gz as the SageMaker SDK's XGBoost estimator leaves it (no code/), a payload that is no tar at all.
    writeFileSync(join(dir, 'foreign.tar.gz'), 'xgboost-model bytes, not a sagewire package');
    await source.putFile('s3://caller/sdk/model.tar.gz', join(dir, 'foreign.tar.gz'));
    await source.putFile('s3://caller/sdk/payload.tar.gz', join(dir, 'foreign.tar.gz'));
    const records = new RecordStore(':memory:');
    const artifacts = openStore({ root: join(dir, 'artifacts') });
    const workflow = new RegistrationWorkflow({ records, sourceStore: source, artifactStore: { store: artifacts, prefix: 's3://inventory' }, workDir: join(dir, 'work') });
    const uris = { model_artifact_uri: 's3://caller/sdk/model.tar.gz', payload_artifact_uri: 's3://caller/sdk/payload.tar.gz' };
    const opaque = records.createRegistration(registrationRequestSchema.parse(sampleRequest({ ...uris, model_artifact_format: 'opaque' }))).registration;
    const packaged = records.createRegistration(registrationRequestSchema.parse(sampleRequest({ ...uris, model_objective: 'other' }))).registration;
    workflow.enqueue(opaque.registrationId);
    workflow.enqueue(packaged.registrationId);
    await workflow.idle();
    expect(records.getRegistration(opaque.registrationId)).toMatchObject({ status: 'REGISTERED', modelVersion: 1 });
    const version = records.getVersion(opaque.modelId, 1);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update('xgboost-model bytes, not a sagewire package').digest('hex');
    expect([version.artifactSha256, version.payloadSha256]).toEqual([sha, sha]);
    expect(await artifacts.head(version.artifactUri)).toBeDefined();
    expect(records.getRegistration(packaged.registrationId)).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/model artifact is not a readable tar\.gz/) });
    expect(() => registrationRequestSchema.parse(sampleRequest({ ...uris, model_artifact_format: 'raw' }))).toThrow(/sagewire-package.{1,4} or .{1,4}opaque/);
    records.close();
  });

  it('resumes registrations a crash left PENDING or VALIDATING when the server starts again', async () => {
    await source.putFile('s3://caller/tmp/model.tar.gz', await writeModelPackage(join(dir, 'm')));
    const dataDir = join(dir, 'inventory');
    const first = await startInventoryServer({ dataDir, sourceStore: source });
    await first.close();
    const records = new RecordStore(join(dataDir, 'inventory.db'));
    const request = registrationRequestSchema.parse(sampleRequest({ model_artifact_uri: 's3://caller/tmp/model.tar.gz' }));
    const pending = records.createRegistration(request).registration.registrationId;
    const validating = records.createRegistration(request).registration.registrationId;
    records.startValidating(validating);
    records.close();

    const again = await startInventoryServer({ dataDir, sourceStore: source });
    expect(again.recovered).toBe(2);
    const client = new InventoryClient(again.url);
    for (const id of [pending, validating]) {
      await pollUntil(() => client.getRegistration(id), (r) => isTerminal(r.status), (r) => r.status, {
        timeout: 30_000,
        pollInterval: 50,
        what: id,
      });
    }
    await again.close();
    const final = new RecordStore(join(dataDir, 'inventory.db'));
    expect(final.getRegistration(pending)).toMatchObject({ status: 'REGISTERED', modelVersion: 1 });
    expect(final.getRegistration(validating)).toMatchObject({ status: 'REGISTERED', modelVersion: 1 });
    final.close();
  });
});

describe('startInventoryServer', () => {
  it('refuses a non-loopback host without tokens, naming the host and the fix', async () => {
    await expect(startInventoryServer({ dataDir: join(dir, 'open'), host: '0.0.0.0' })).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 without a token file.*--token-file/,
    );
  });

  it('refuses a second server on the same data dir, naming the holder pid; the first keeps working', async () => {
    const dataDir = join(dir, 'shared');
    const first = await startInventoryServer({ dataDir, sourceStore: source });
    try {
      await expect(startInventoryServer({ dataDir, sourceStore: source })).rejects.toThrow(
        new RegExp(`data dir .*shared is in use by another inventory server \\(process ${process.pid}\\)`),
      );
      const client = new InventoryClient(first.url);
      expect((await client.register(sampleRequest())).status).toBe('PENDING');
    } finally {
      await first.close();
    }
    // released on close
    const again = await startInventoryServer({ dataDir, sourceStore: source });
    await again.close();
  });

  it('removes what killed registrations left in work/ when it starts', async () => {
    const dataDir = join(dir, 'leftovers');
    mkdirSync(join(dataDir, 'work', 'reg-abc123'), { recursive: true });
    writeFileSync(join(dataDir, 'work', 'reg-abc123', 'model.tar.gz'), 'partial');
    const server = await startInventoryServer({ dataDir, sourceStore: source });
    expect(existsSync(join(dataDir, 'work', 'reg-abc123'))).toBe(false);
    await server.close();
  });

  it('records failure reasons without the server folders in them', async () => {
    const dataDir = join(dir, 'private-place');
    const server = await startInventoryServer({ dataDir, sourceStore: source });
    try {
      const client = new InventoryClient(server.url);
      await source.putBytes('s3://caller/tmp/not-a-tarball', 'not gzip');
      for (const uri of ['s3://caller/tmp/missing.tar.gz', 's3://caller/tmp/not-a-tarball']) {
        const { registrationId } = await client.register(sampleRequest({ model_artifact_uri: uri }));
        const done = await pollUntil(() => client.getRegistration(registrationId), (r) => isTerminal(r.status), (r) => r.status, {
          timeout: 30_000,
          pollInterval: 50,
          what: registrationId,
        });
        expect(done.status).toBe('FAILED');
        expect(done.reason).not.toContain(dir);
        expect(done.reason).not.toMatch(/(^|[\s'"(])\/tmp\//);
        expect(done.reason).toMatch(/<source store>|<work>/);
      }
    } finally {
      await server.close();
    }
  });

  it('does not log a client that hangs up mid-request as an unexpected error', async () => {
    const server = await startInventoryServer({ dataDir: join(dir, 'hangup'), sourceStore: source });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { hostname, port } = new URL(server.url);
      await new Promise<void>((done) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write('POST /v1/registrations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model_domain":');
          setTimeout(() => {
            socket.destroy();
            done();
          }, 100);
        });
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      await server.close();
    }
  });
});
