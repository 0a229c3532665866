import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv, startMoto, type Moto } from '../../../test/helpers/moto.js';
import { S3Store } from '../../store/index.js';
import { InventoryRegistrar } from '../registrars/inventory-registrar.js';
import { startInventoryServer } from '../server/start-server.js';
import { writeModelPackage } from '../../../test/inventory-fixtures.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';

let moto: Moto;
let dir: string;
let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  moto = await startMoto();
  dir = mkdtempSync(join(tmpdir(), 'sagewire-s3-artifacts-'));
  saved = { ...process.env };
  Object.assign(process.env, motoEnv(moto));
});
afterAll(async () => {
  process.env = saved;
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('inventory with --artifact-store s3://...', () => {
  it('reads the caller upload from S3 and keeps its own copy under the S3 prefix (AWS chain, AWS_ENDPOINT_URL)', async () => {
    const s3 = new S3Store({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });
    await s3.client.send(new CreateBucketCommand({ Bucket: 'caller-bucket' }));
    await s3.client.send(new CreateBucketCommand({ Bucket: 'inventory-bucket' }));
    await s3.putFile('s3://caller-bucket/tmp/model.tar.gz', await writeModelPackage(join(dir, 'm')));
    const server = await startInventoryServer({ dataDir: join(dir, 'inv'), artifactStore: 's3://inventory-bucket/copies' });
    try {
      const registrar = new InventoryRegistrar(server.url);
      const started = await registrar.register(sampleRequest({ model_artifact_uri: 's3://caller-bucket/tmp/model.tar.gz' }));
      const outcome = await registrar.waitForDone(started.handle, { timeout: 30_000, pollInterval: 50 });
      expect(outcome.status).toBe('REGISTERED');
      const version = await registrar.client.getVersion(started.modelId, outcome.modelVersion!);
      expect(version.artifactUri).toMatch(/^s3:\/\/inventory-bucket\/copies\/models\/model-[0-9a-f]{12}\/sha256-[0-9a-f]{64}\/model\.tar\.gz$/);
      await s3.delete('s3://caller-bucket/tmp/model.tar.gz');
      expect((await s3.head(version.artifactUri))?.size).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
