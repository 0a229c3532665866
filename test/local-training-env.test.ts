/**
 * A Training step shaped as the SageMaker Python SDK writes a framework estimator's (JSON-encoded
 * hyperparameters, sagemaker_program given as a pipeline parameter): the script gets the
 * training toolkit's SM_* variables, its arguments, and /opt/ml/input/config/*.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchiveMember } from '../src/archive/index.js';
import { bwrapAvailable, runPipeline, type PipelineDefinition } from '../src/local/index.js';
import { packDirectory } from '../src/local/tarball.js';
import { FolderStore } from '../src/store/index.js';

const TRAIN = `
import json, os, sys
cfg = '/opt/ml/input/config'
out = {
    'env': {k: v for k, v in os.environ.items() if k.startswith('SM_') or k == 'TRAINING_JOB_NAME'},
    'argv': sys.argv[1:],
    'files': {n: json.load(open(os.path.join(cfg, n))) for n in ['hyperparameters.json', 'resourceconfig.json', 'inputdataconfig.json']},
    'train': sorted(os.listdir(os.environ['SM_CHANNEL_TRAIN'])),
}
json.dump(out, open(os.path.join(os.environ['SM_MODEL_DIR'], 'env.json'), 'w'))
`;

let dir: string;
let store: FolderStore;

const definition = (): PipelineDefinition =>
  ({
    Version: '2020-12-01',
    Parameters: [
      { Name: 'Program', Type: 'String', DefaultValue: 'train.py' },
      { Name: 'Rate', Type: 'Float', DefaultValue: 0.0 },
    ],
    Steps: [
      {
        Name: 'Train',
        Type: 'Training',
        Arguments: {
          AlgorithmSpecification: { TrainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0-cpu-py310', TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: 's3://env-bucket/models' },
          ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 },
          HyperParameters: {
            epochs: '3',
            'learning-rate': { 'Std:Join': { On: '', Values: [{ Get: 'Parameters.Rate' }] } },
            sagemaker_program: { Get: 'Parameters.Program' },
            sagemaker_submit_directory: '"s3://env-bucket/code/sourcedir.tar.gz"',
            sagemaker_container_log_level: '20',
            sagemaker_region: '"us-east-1"',
          },
          InputDataConfig: [
            { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://env-bucket/data/part', S3DataDistributionType: 'FullyReplicated' } }, ContentType: 'text/csv' },
          ],
        },
      },
    ],
  }) as unknown as PipelineDefinition;

beforeAll(async () => {
  if (!bwrapAvailable()) throw new Error('bubblewrap cannot start a sandbox here; install it with: apt-get install bubblewrap');
  dir = await mkdtemp(join(tmpdir(), 'sagewire-training-env-'));
  store = new FolderStore(join(dir, 'store'));
  const src = join(dir, 'src');
  await mkdir(src);
  await writeFile(join(src, 'train.py'), TRAIN);
  await packDirectory(src, join(dir, 'sourcedir.tar.gz'));
  await store.putFile('s3://env-bucket/code/sourcedir.tar.gz', join(dir, 'sourcedir.tar.gz'));
  await store.putBytes('s3://env-bucket/data/part-0.csv', '1\n');
  await store.putBytes('s3://env-bucket/data/part-1.csv', '2\n');
  await store.putBytes('s3://env-bucket/data/other.csv', '3\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a framework-estimator Training step', () => {
  it('gets SM_HP_*, SM_HOSTS, SM_CURRENT_HOST, SM_NUM_CPUS/GPUS, SM_TRAINING_ENV, SM_USER_ARGS and the config files', async () => {
    const summary = await runPipeline(definition(), { store, stateDir: join(dir, 'state') });
    const step = summary.steps[0]!;
    expect(step.status, step.message).toBe('done');
    const artifact = (step.record!.ModelArtifacts as { S3ModelArtifacts: string }).S3ModelArtifacts;
    const out = JSON.parse((await readArchiveMember(store.pathOf(artifact), 'env.json'))!.toString('utf8'));
    const env = out.env as Record<string, string>;
    expect(env['SM_HP_EPOCHS']).toBe('3');
    expect(env['SM_HP_LEARNING-RATE']).toBe('0.0');
    expect(JSON.parse(env.SM_HOSTS!)).toEqual(['algo-1']);
    expect(env.SM_CURRENT_HOST).toBe('algo-1');
    expect(Number(env.SM_NUM_CPUS)).toBeGreaterThan(0);
    expect(env.SM_NUM_GPUS).toBe('0');
    expect(JSON.parse(env.SM_USER_ARGS!)).toEqual(['--epochs', '3', '--learning-rate', '0.0']);
    expect(out.argv).toEqual(['--epochs', '3', '--learning-rate', '0.0']);
    const te = JSON.parse(env.SM_TRAINING_ENV!);
    expect(te).toMatchObject({ current_host: 'algo-1', hosts: ['algo-1'], hyperparameters: { epochs: 3, 'learning-rate': 0.0 }, channel_input_dirs: { train: '/opt/ml/input/data/train' }, user_entry_point: 'train.py' });
    expect(te.job_name).toBe(env.TRAINING_JOB_NAME);
    expect(out.files['hyperparameters.json'].sagemaker_program).toBe('train.py');
    expect(out.files['resourceconfig.json']).toMatchObject({ current_host: 'algo-1', hosts: ['algo-1'] });
    expect(out.files['inputdataconfig.json']).toEqual({ train: { TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' } });
    // S3Uri .../data/part is a key name prefix: part-0.csv and part-1.csv, not other.csv.
    expect(out.train).toEqual(['part-0.csv', 'part-1.csv']);
  });
});

describe('a Training step whose code is an input channel (sagewire’s own training builders)', () => {
  it('finds its source folder at /opt/ml/code too, as the training toolkit copies it there: cursus’s hyperparams/hyperparameters.json', async () => {
    await store.putBytes(
      's3://env-bucket/src2/train.py',
      "import json, os\njson.dump(json.load(open('/opt/ml/code/hyperparams/hyperparameters.json')), open(os.path.join(os.environ['SM_MODEL_DIR'], 'hp.json'), 'w'))\n",
    );
    await store.putBytes('s3://env-bucket/src2/hyperparams/hyperparameters.json', '{"eta": 0.25}\n');
    const d = definition();
    const args = (d.Steps[0] as unknown as { Arguments: Record<string, unknown> }).Arguments;
    args.HyperParameters = { sagemaker_program: '"train.py"', sagemaker_submit_directory: '"/opt/ml/input/data/code"' };
    (args.InputDataConfig as unknown[]).push({ ChannelName: 'code', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://env-bucket/src2/', S3DataDistributionType: 'FullyReplicated' } } });
    const summary = await runPipeline(d, { store, stateDir: join(dir, 'state-code-channel') });
    const step = summary.steps[0]!;
    expect(step.status, step.message).toBe('done');
    const artifact = (step.record!.ModelArtifacts as { S3ModelArtifacts: string }).S3ModelArtifacts;
    expect(JSON.parse((await readArchiveMember(store.pathOf(artifact), 'hp.json'))!.toString('utf8'))).toEqual({ eta: 0.25 });
  });
});
