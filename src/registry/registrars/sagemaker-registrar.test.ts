import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { DescribeModelPackageCommand, ListModelPackagesCommand } from '@aws-sdk/client-sagemaker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type Moto } from '../../../test/helpers/moto.js';
import { S3Store } from '../../store/index.js';
import { writeModelPackage, writePayload } from '../../../test/inventory-fixtures.js';
import { registrarContract, type RegistrarFixture } from '../../../test/inventory-registrar-contract.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { modelPackageGroupName } from './model-package-group-name.js';
import { SageMakerRegistrar } from './sagemaker-registrar.js';

let moto: Moto;
let dir: string;
let fixture: RegistrarFixture & { registrar: SageMakerRegistrar; store: S3Store };

beforeAll(async () => {
  moto = await startMoto();
  dir = mkdtempSync(join(tmpdir(), 'sagewire-sm-registrar-'));
  const aws = { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials };
  const store = new S3Store(aws);
  await store.client.send(new CreateBucketCommand({ Bucket: 'caller-bucket' }));
  fixture = {
    registrar: new SageMakerRegistrar({ ...aws, store }),
    store,
    tempPrefix: 's3://caller-bucket/sagewire-tmp',
    models: [await writeModelPackage(join(dir, 'm1'), { weights: 'one' }), await writeModelPackage(join(dir, 'm2'), { weights: 'two' })],
    payload: await writePayload(join(dir, 'p')),
  };
});

afterAll(async () => {
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

registrarContract('SageMakerRegistrar (moto)', () => fixture);

describe('SageMakerRegistrar', () => {
  it('names the group from domain and objective within the API pattern', () => {
    expect(modelPackageGroupName('buyer_abuse', 'risk_scoring')).toBe('buyer-abuse-risk-scoring');
    expect(modelPackageGroupName('a'.repeat(70), 'b')).toHaveLength(63);
    expect(modelPackageGroupName('__', '..')).toBe('sagewire-model');
  });

  it('creates a model package whose data URL is a permanent copy, so the temporary upload may go', async () => {
    const temp = 's3://caller-bucket/sagewire-tmp/perm/model.tar.gz';
    await fixture.store.putFile(temp, fixture.models[0]);
    const started = await fixture.registrar.register(
      sampleRequest({ model_artifact_uri: temp, workflow_execution_id: 'exec-42', lineage: { pipeline_name: 'risk-pipeline', source_data_uris: ['s3://d/a', 's3://d/b'] } }),
    );
    await fixture.store.delete(temp);
    const described = await fixture.registrar.client.send(new DescribeModelPackageCommand({ ModelPackageName: started.handle.id }));
    expect(described.ModelPackageGroupName).toBe('buyer-abuse-risk-scoring');
    const container = described.InferenceSpecification?.Containers?.[0];
    expect(container?.Image).toBe(sampleRequest().source_model_inference_image_arn);
    expect(container?.ModelDataUrl).toMatch(/^s3:\/\/caller-bucket\/sagewire-registry\/buyer-abuse-risk-scoring\/.+\/model\.tar\.gz$/);
    expect(await fixture.store.head(container!.ModelDataUrl!)).toBeDefined();
    expect(described.InferenceSpecification?.SupportedContentTypes).toEqual(['text/csv', 'application/json']);
    expect(described.CustomerMetadataProperties).toMatchObject({
      model_owner: 'team-risk',
      workflow_execution_id: 'exec-42',
      lineage_pipeline_name: 'risk-pipeline',
      lineage_source_data_uris: 's3://d/a s3://d/b',
    });
    expect(described.ModelApprovalStatus).toBe('PendingManualApproval');
    const listed = await fixture.registrar.client.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'buyer-abuse-risk-scoring' }));
    expect(listed.ModelPackageSummaryList?.map((p) => p.ModelPackageArn)).toContain(started.executionArn);
  });

  it('lists every missing field before calling AWS', async () => {
    await expect(fixture.registrar.register({ model_domain: 'd' } as never)).rejects.toMatchObject({
      code: 'CONFIG',
      issues: expect.arrayContaining([{ path: 'model_owner', message: 'is required' }, { path: 'model_artifact_uri', message: 'is required' }]),
    });
  });
});
