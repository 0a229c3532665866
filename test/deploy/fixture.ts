/**
 * A small compiled pipeline as `sagewire compile --out` leaves it: `<name>.json` plus
 * `<name>.assets.json` naming one code file and one inline config under content-hashed keys.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssetManifest } from '../../src/assets/index.js';
import { ROOT } from '../helpers/cli.js';
import type { Moto } from '../helpers/moto.js';

export const ROLE = 'arn:aws:iam::123456789012:role/SageMakerPipelineRole';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

export interface Fixture {
  definitionPath: string;
  manifest: AssetManifest;
  definition: Record<string, unknown>;
}

export interface FixtureOptions {
  bucket: string;
  pipelineName: string;
  /** Changes the definition (not the code): a second deploy must update, not upload. */
  instanceType?: string;
  /** Extra processing steps, to push the definition past 100 KiB. */
  extraSteps?: number;
  code?: string;
}

function processingStep(name: string, codeUri: string, configUri: string) {
  return {
    Name: name,
    Type: 'Processing',
    Arguments: {
      ProcessingResources: {
        ClusterConfig: { InstanceType: { Get: 'Parameters.InstanceType' }, InstanceCount: { Get: 'Parameters.InstanceCount' }, VolumeSizeInGB: 30 },
      },
      AppSpecification: {
        ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
        ContainerEntrypoint: ['node', '/opt/ml/processing/input/code/main.mjs'],
      },
      RoleArn: ROLE,
      ProcessingInputs: [
        { InputName: 'code', S3Input: { S3Uri: codeUri, LocalPath: '/opt/ml/processing/input/code', S3DataType: 'S3Prefix', S3InputMode: 'File' } },
        { InputName: 'config', S3Input: { S3Uri: configUri, LocalPath: '/opt/ml/processing/input/config', S3DataType: 'S3Prefix', S3InputMode: 'File' } },
      ],
    },
  };
}

export async function writeFixture(dir: string, opts: FixtureOptions): Promise<Fixture> {
  await mkdir(join(dir, 'code'), { recursive: true });
  const code = opts.code ?? 'console.log("package step");\n';
  const codeFile = join(dir, 'code', 'main.mjs');
  await writeFile(codeFile, code);
  const config = JSON.stringify({ pipelineName: opts.pipelineName, contentTypes: ['text/csv'] });
  const codeUri = `s3://${opts.bucket}/${opts.pipelineName}/code/${sha256(code)}/main.mjs`;
  const configUri = `s3://${opts.bucket}/${opts.pipelineName}/code/${sha256(config)}/config.json`;
  const manifest: AssetManifest = {
    version: 1,
    pipelineName: opts.pipelineName,
    assets: [
      { uri: codeUri, sha256: sha256(code), size: Buffer.byteLength(code), file: codeFile },
      { uri: configUri, sha256: sha256(config), size: Buffer.byteLength(config), text: config },
    ],
  };
  const steps = [processingStep('Package', codeUri, configUri)];
  for (let i = 0; i < (opts.extraSteps ?? 0); i++) steps.push(processingStep(`Extra${i}`, codeUri, configUri));
  const definition = {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [
      { Name: 'InstanceType', Type: 'String', DefaultValue: opts.instanceType ?? 'ml.m5.xlarge' },
      { Name: 'InstanceCount', Type: 'Integer', DefaultValue: 1 },
    ],
    PipelineExperimentConfig: {
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' },
    },
    Steps: steps,
  };
  const definitionPath = join(dir, `${opts.pipelineName}.json`);
  await writeFile(definitionPath, `${JSON.stringify(definition, null, 2)}\n`);
  await writeFile(join(dir, `${opts.pipelineName}.assets.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  return { definitionPath, manifest, definition };
}

export function s3For(moto: Moto): S3Client {
  return new S3Client({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials, forcePathStyle: true });
}

export async function createBucket(moto: Moto, bucket: string): Promise<void> {
  await s3For(moto).send(new CreateBucketCommand({ Bucket: bucket }));
}

/** The bucket example (a)'s config names. */
export const EXAMPLE_A_BUCKET = 'sagewire-example-bucket';

/**
 * Example (a), `examples/four-step/`, compiled as `sagewire compile --out <dir>/four-step.json`
 * leaves it: the definition bytes and the asset manifest beside it.
 */
export async function compileExampleA(dir: string): Promise<Fixture & { pipelineName: string }> {
  const { compile } = await import('../../src/compile/index.js');
  const { writeManifest } = await import('../../src/assets/index.js');
  const example = join(ROOT, 'examples', 'four-step');
  const result = compile({ dag: join(example, 'dag.json'), configFile: join(example, 'config.json') });
  await mkdir(dir, { recursive: true });
  const definitionPath = join(dir, 'four-step.json');
  await writeFile(definitionPath, result.definitionJson);
  await writeManifest(join(dir, 'four-step.assets.json'), result.manifest);
  return {
    definitionPath,
    manifest: result.manifest,
    definition: JSON.parse(result.definitionJson) as Record<string, unknown>,
    pipelineName: result.pipelineName,
  };
}
