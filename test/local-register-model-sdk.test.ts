/**
 * The SageMaker SDK's own RegisterModel step (from its unit-test pipeline full.json), fed by a
 * Training step whose model.tar.gz is what an XGBoost estimator leaves: no code/ folder, nothing
 * sagewire packaged. SageMaker's registry never opens model data, so locally the step registers
 * it as given: the inventory keeps it and records its sha256 without inspecting it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bwrapAvailable, runPipelineFile, type PipelineDefinition } from '../src/local/index.js';
import { packDirectory } from '../src/local/tarball.js';
import { InventoryClient, startInventoryServer } from '../src/registry/index.js';
import { FolderStore } from '../src/store/index.js';

const REF = join(__dirname, '..', '..', 'shared', 'reference', 'sdk-examples', 'full.json');

const TRAIN = `
import os
open(os.path.join(os.environ['SM_MODEL_DIR'], 'xgboost-model'), 'wb').write(b'booster bytes')
`;

type Step = { Name: string; Type: string; Arguments: Record<string, unknown> };

/** The SDK's RegisterModel step, verbatim but for ModelMetrics (it reads an evaluation step this test leaves out). */
function sdkRegisterStep(): Step {
  const steps = (JSON.parse(readFileSync(REF, 'utf8')) as { Steps: Step[] }).Steps;
  const condition = steps.find((s) => s.Type === 'Condition')!;
  const register = (condition.Arguments.IfSteps as Step[]).find((s) => s.Type === 'RegisterModel')!;
  const { ModelMetrics: _metrics, ...args } = register.Arguments;
  return { ...register, Arguments: args };
}

let dir: string;
let store: FolderStore;
let pipeline: string;

const definition = (): PipelineDefinition =>
  ({
    Version: '2020-12-01',
    Parameters: [{ Name: 'ModelApprovalStatus', Type: 'String', DefaultValue: 'PendingManualApproval' }],
    Steps: [
      {
        Name: 'TrainAbaloneModel',
        Type: 'Training',
        Arguments: {
          AlgorithmSpecification: { TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3', TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: 's3://abalone/models' },
          ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 },
          HyperParameters: { sagemaker_program: 'train.py', sagemaker_submit_directory: '"s3://abalone/code/sourcedir.tar.gz"' },
        },
      },
      sdkRegisterStep(),
    ],
  }) as unknown as PipelineDefinition;

beforeAll(async () => {
  if (!bwrapAvailable()) throw new Error('bubblewrap cannot start a sandbox here; install it with: apt-get install bubblewrap');
  dir = await mkdtemp(join(tmpdir(), 'sagewire-regmodel-sdk-'));
  store = new FolderStore(join(dir, 'state', 'store'));
  const src = join(dir, 'src');
  await mkdir(src);
  await writeFile(join(src, 'train.py'), TRAIN);
  await packDirectory(src, join(dir, 'sourcedir.tar.gz'));
  await store.putFile('s3://abalone/code/sourcedir.tar.gz', join(dir, 'sourcedir.tar.gz'));
  pipeline = join(dir, 'pipeline.json');
  await writeFile(pipeline, JSON.stringify(definition()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the SDK's RegisterModel step", () => {
  it('registers model data sagewire did not package, hashed and kept, never opened', async () => {
    const summary = await runPipelineFile(pipeline, { stateDir: join(dir, 'state'), inventory: 'embedded' });
    const train = summary.steps.find((s) => s.name === 'TrainAbaloneModel')!;
    expect(train.status, train.message).toBe('done');
    const reg = summary.steps.find((s) => s.name === 'RegisterAbaloneModel-RegisterModel')!;
    expect(reg.status, reg.message).toBe('done');
    expect(reg.record).toMatchObject({ ModelPackageGroupName: 'AbaloneModelPackageGroup', ModelApprovalStatus: 'PendingManualApproval', ModelPackageStatus: 'Completed' });
    const modelData = (train.record!.ModelArtifacts as { S3ModelArtifacts: string }).S3ModelArtifacts;
    const sha256 = createHash('sha256').update(await readFile(store.pathOf(modelData))).digest('hex');
    const inventory = await startInventoryServer({ dataDir: join(dir, 'state', 'inventory') });
    try {
      const client = new InventoryClient(inventory.url);
      const model = await client.getModel(reg.record!.ModelPackageName as string);
      expect(model.domain).toBe('AbaloneModelPackageGroup');
      expect(JSON.stringify(model)).toContain(sha256);
    } finally {
      await inventory.close();
    }
  });
});
