/**
 * SageMaker's own RegisterModel step run locally: the model package goes into the (embedded)
 * inventory, which lists it as REGISTERED; without an inventory the step fails with a hint.
 * The model data is what the SageMaker SDK leaves (no code/ folder): SageMaker's registry does
 * not open it, and neither does the inventory for such a step.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryClient, startInventoryServer } from '../src/registry/index.js';
import { FolderStore } from '../src/store/index.js';
import { runPipelineFile } from '../src/local/index.js';

const BUILD = `
import io, json, tarfile
with tarfile.open('/opt/ml/processing/model/model.tar.gz', 'w:gz') as t:
    for name, text in [('xgboost-model', 'booster bytes'), ('hyperparameters.json', json.dumps({'a': 1}))]:
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
`;

const definition = {
  Version: '2020-12-01',
  Parameters: [{ Name: 'Approval', Type: 'String', DefaultValue: 'Approved' }],
  Steps: [
    {
      Name: 'Build',
      Type: 'Processing',
      Arguments: {
        AppSpecification: { ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/build.py'] },
        ProcessingInputs: [{ InputName: 'code', S3Input: { S3Uri: 's3://reg-bucket/code/build.py', LocalPath: '/opt/ml/processing/input/code', S3DataType: 'S3Prefix' } }],
        ProcessingOutputConfig: { Outputs: [{ OutputName: 'model', S3Output: { S3Uri: 's3://reg-bucket/out/model', LocalPath: '/opt/ml/processing/model' } }] },
      },
    },
    {
      Name: 'Register',
      Type: 'RegisterModel',
      Arguments: {
        ModelPackageGroupName: 'churn-models',
        ModelApprovalStatus: { Get: 'Parameters.Approval' },
        CustomerMetadataProperties: { model_domain: 'churn', model_objective: 'retention', model_owner: 'team-a' },
        InferenceSpecification: {
          Containers: [
            {
              Image: '123.dkr.ecr.us-east-1.amazonaws.com/xgb:1',
              ModelDataUrl: { 'Std:Join': { On: '/', Values: [{ Get: "Steps.Build.ProcessingOutputConfig.Outputs['model'].S3Output.S3Uri" }, 'model.tar.gz'] } },
              Environment: { SAGEMAKER_PROGRAM: 'inference.py' },
            },
          ],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['application/json'],
        },
      },
    },
  ],
};

let dir: string;
let pipeline: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sagewire-regmodel-'));
  await new FolderStore(join(dir, 'state', 'store')).putBytes('s3://reg-bucket/code/build.py', BUILD);
  pipeline = join(dir, 'pipeline.json');
  await writeFile(pipeline, JSON.stringify(definition));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a RegisterModel step', () => {
  it('registers the model package in the embedded inventory', async () => {
    const summary = await runPipelineFile(pipeline, { stateDir: join(dir, 'state'), inventory: 'embedded' });
    const reg = summary.steps.find((s) => s.name === 'Register')!;
    expect(reg.status, reg.message).toBe('done');
    expect(reg.record).toMatchObject({ ModelPackageGroupName: 'churn-models', ModelApprovalStatus: 'Approved', ModelPackageStatus: 'Completed' });
    const modelId = reg.record!.ModelPackageName as string;
    expect(summary.registrations).toEqual([{ step: 'Register', modelId, executionArn: reg.record!.ModelPackageArn, status: 'REGISTERED', modelVersion: 1 }]);
    const inventory = await startInventoryServer({ dataDir: join(dir, 'state', 'inventory') });
    try {
      const client = new InventoryClient(inventory.url);
      const model = await client.getModel(modelId);
      expect(model.domain).toBe('churn');
      expect(model.objective).toBe('retention');
      expect(model.versions[0]!.approval.status).toBe('Approved'); // the step's ModelApprovalStatus
      expect((await client.listRegistrations({ status: 'REGISTERED' })).some((r) => r.modelId === modelId)).toBe(true);
    } finally {
      await inventory.close();
    }
  });

  it('a ModelApprovalStatus SageMaker does not know fails the step, naming it, before anything is registered', async () => {
    const state = join(dir, 'state-bad-status');
    await new FolderStore(join(state, 'store')).putBytes('s3://reg-bucket/code/build.py', BUILD);
    const summary = await runPipelineFile(pipeline, { stateDir: state, inventory: 'embedded', parameters: { Approval: 'Yes' } });
    const reg = summary.steps.find((s) => s.name === 'Register')!;
    expect(reg.status).toBe('failed');
    expect(reg.message).toMatch(/ModelApprovalStatus is "Yes"; SageMaker takes Approved, Rejected, PendingManualApproval/);
    expect(summary.registrations).toEqual([]);
  });

  it('is refused before the run when no inventory is given', async () => {
    await expect(runPipelineFile(pipeline, { stateDir: join(dir, 'state') })).rejects.toThrow(
      /step Register registers a model: run with --embedded-inventory .* nothing was run/,
    );
  });
});
