import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
