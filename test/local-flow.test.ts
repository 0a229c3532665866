/**
 * A hand-written multi-step definition run locally: data edges through Gets, a Training step
 * run as a script, property files and a Condition, a CreateModel, caching across runs, and a
 * failed step that stops its dependents while an independent step finishes.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../src/store/index.js';
import { bwrapAvailable, runPipeline, type PipelineDefinition, type RunSummary, type StepDef } from '../src/local/index.js';
import { packDirectory } from '../src/local/tarball.js';
import { readArchiveMember } from '../src/archive/index.js';

let dir: string;
let store: FolderStore;

const PREP = `
import json, os, sys
nums = [float(x) for x in open('/opt/ml/processing/input/raw/data.txt').read().split()]
os.makedirs('/opt/ml/processing/train', exist_ok=True)
os.makedirs('/opt/ml/processing/evaluation', exist_ok=True)
open('/opt/ml/processing/train/train.txt', 'w').write(' '.join(str(n * 2) for n in nums))
json.dump({'metrics': {'mse': {'value': float(sys.argv[2])}}}, open('/opt/ml/processing/evaluation/evaluation.json', 'w'))
`;
const TRAIN = `
import json, os, sys
nums = [float(x) for x in open(os.environ['SM_CHANNEL_TRAIN'] + '/train.txt').read().split()]
hp = json.load(open('/opt/ml/input/config/hyperparameters.json'))
open('/opt/ml/model/weights.json', 'w').write(json.dumps({'mean': sum(nums) / len(nums), 'epochs': hp['epochs'], 'argv': sys.argv[1:]}))
`;
const BROKEN = `raise SystemExit('independent failure')`;

function step(name: string, script: string, extra: Record<string, unknown>): StepDef {
  return {
    Name: name,
    Type: 'Processing',
    Arguments: {
      AppSpecification: { ContainerEntrypoint: ['python3', `/opt/ml/processing/input/code/${script}`], ...((extra.App as object) ?? {}) },
      ProcessingInputs: [
        ...((extra.Inputs as unknown[]) ?? []),
        { InputName: 'code', S3Input: { S3Uri: `s3://flow-bucket/code/${script}`, LocalPath: '/opt/ml/processing/input/code', S3DataType: 'S3Prefix' } },
      ],
      ProcessingOutputConfig: { Outputs: (extra.Outputs as unknown[]) ?? [] },
    },
    ...((extra.Step as object) ?? {}),
  } as StepDef;
}

const out = (name: string, local: string) => ({
  OutputName: name,
  S3Output: { S3Uri: { 'Std:Join': { On: '/', Values: ['s3://flow-bucket/runs', { Get: 'Execution.PipelineExecutionId' }, name] } }, LocalPath: local },
});

function definition(): PipelineDefinition {
  return {
    Version: '2020-12-01',
    Parameters: [
      { Name: 'Mse', Type: 'Float', DefaultValue: 1.5 },
      { Name: 'Threshold', Type: 'Float', DefaultValue: 2 },
      { Name: 'Epochs', Type: 'Integer', DefaultValue: 3 },
    ],
    Steps: [
      step('Prep', 'prep.py', {
        App: { ContainerArguments: ['--mse', { Get: 'Parameters.Mse' }] },
        Inputs: [{ InputName: 'raw', S3Input: { S3Uri: 's3://flow-bucket/raw/', LocalPath: '/opt/ml/processing/input/raw', S3DataType: 'S3Prefix' } }],
        Outputs: [out('train', '/opt/ml/processing/train'), out('evaluation', '/opt/ml/processing/evaluation')],
        Step: { CacheConfig: { Enabled: true, ExpireAfter: 'P1D' }, PropertyFiles: [{ PropertyFileName: 'Eval', OutputName: 'evaluation', FilePath: 'evaluation.json' }] },
      }),
      {
        Name: 'Train',
        Type: 'Training',
        Arguments: {
          AlgorithmSpecification: { TrainingImage: 'local', TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: 's3://flow-bucket/models' },
          HyperParameters: {
            epochs: { 'Std:Join': { On: '', Values: [{ Get: 'Parameters.Epochs' }] } },
            sagemaker_program: '"train.py"',
            sagemaker_submit_directory: '"s3://flow-bucket/code/sourcedir.tar.gz"',
          },
          InputDataConfig: [
            { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: { Get: "Steps.Prep.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" } } } },
          ],
        },
        CacheConfig: { Enabled: true },
      },
      {
        Name: 'Check',
        Type: 'Condition',
        Arguments: {
          Conditions: [
            { Type: 'LessThanOrEqualTo', LeftValue: { 'Std:JsonGet': { PropertyFile: { Get: 'Steps.Prep.PropertyFiles.Eval' }, Path: 'metrics.mse.value' } }, RightValue: { Get: 'Parameters.Threshold' } },
          ],
          IfSteps: [
            { Name: 'Create', Type: 'Model', Arguments: { ExecutionRoleArn: 'arn:aws:iam::1:role/r', PrimaryContainer: { Image: 'img', ModelDataUrl: { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' } } } },
          ],
          ElseSteps: [{ Name: 'TooBad', Type: 'Fail', Arguments: { ErrorMessage: { 'Std:Join': { On: ' ', Values: ['mse above', { Get: 'Parameters.Threshold' }] } } } }],
        },
      },
      step('Broken', 'broken.py', {}),
      step('AfterBroken', 'prep.py', { Step: { DependsOn: ['Broken'] } }),
    ],
  };
}

const byName = (s: RunSummary) => Object.fromEntries(s.steps.map((x) => [x.name, x]));

beforeAll(async () => {
  if (!bwrapAvailable()) throw new Error('bubblewrap cannot start here; install it with: apt-get install bubblewrap');
  dir = await mkdtemp(join(tmpdir(), 'sagewire-local-flow-'));
  store = new FolderStore(join(dir, 'store'));
  await store.putBytes('s3://flow-bucket/raw/data.txt', '1 2 3\n');
  await store.putBytes('s3://flow-bucket/code/prep.py', PREP);
  await store.putBytes('s3://flow-bucket/code/broken.py', BROKEN);
  const src = join(dir, 'src');
  await mkdir(src);
  await writeFile(join(src, 'train.py'), TRAIN);
  await packDirectory(src, join(dir, 'sourcedir.tar.gz'));
  await store.putFile('s3://flow-bucket/code/sourcedir.tar.gz', join(dir, 'sourcedir.tar.gz'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a multi-step definition', () => {
  let first: RunSummary;

  it('runs data-dependent steps in order, trains, evaluates the condition and creates the model', async () => {
    const events: string[] = [];
    first = await runPipeline(definition(), {
      store,
      stateDir: join(dir, 'state'),
      parallel: 2,
      onEvent: (e) => events.push(`${e.step}:${e.status}`),
    });
    const s = byName(first);
    expect(s.Prep!.status).toBe('done');
    expect(s.Train!.status).toBe('done');
    expect(s.Check!.record).toEqual({ Outcome: true });
    expect(s.Create!.status).toBe('done');
    expect(s.TooBad!.status).toBe('skipped');
    const artifact = s.Train!.record!.ModelArtifacts as { S3ModelArtifacts: string };
    expect(artifact.S3ModelArtifacts).toBe(`s3://flow-bucket/models/pipelines-${first.executionId}-Train/output/model.tar.gz`);
    expect((s.Create!.record!.PrimaryContainer as { ModelDataUrl: string }).ModelDataUrl).toBe(artifact.S3ModelArtifacts);
    const weights = await readArchiveMember(store.pathOf(artifact.S3ModelArtifacts), 'weights.json');
    expect(JSON.parse(weights!.toString('utf8'))).toEqual({ mean: 4, epochs: '3', argv: ['--epochs', '3'] });
    expect(events.indexOf('Prep:done')).toBeLessThan(events.indexOf('Train:running'));
    // independent steps run at the same time (--parallel 2): Broken starts before Prep is done
    expect(events.indexOf('Broken:running')).toBeLessThan(events.indexOf('Prep:done'));
  });

  it('a failed step stops its dependents; independent steps finish; the run fails', () => {
    const s = byName(first);
    expect(first.status).toBe('Failed');
    expect(s.Broken!.status).toBe('failed');
    expect(s.Broken!.message).toContain(join(first.runDir, 'Broken', 'log.txt'));
    expect(s.AfterBroken!.status).toBe('skipped');
    expect(s.AfterBroken!.message).toBe('not run: Broken failed');
  });

  it('reuses cached steps on a second run and reads their earlier outputs', async () => {
    const second = await runPipeline(definition(), { store, stateDir: join(dir, 'state') });
    const s = byName(second);
    expect(s.Prep!.status).toBe('cached');
    expect(s.Prep!.message).toContain(first.executionId);
    expect(s.Train!.status).toBe('cached');
    expect((s.Create!.record!.PrimaryContainer as { ModelDataUrl: string }).ModelDataUrl).toContain(first.executionId);
  });

  it('a changed parameter misses the cache; the else branch fails the run with its message', async () => {
    const third = await runPipeline(definition(), { store, stateDir: join(dir, 'state'), parameters: { Mse: '5' } });
    const s = byName(third);
    expect(s.Prep!.status).toBe('done');
    expect(s.Train!.status).toBe('done');
    expect(s.Create!.status).toBe('skipped');
    expect(s.TooBad!.status).toBe('failed');
    expect(s.TooBad!.message).toContain('mse above 2');
  });
});
