/**
 * deployPipeline against a real moto_server: create, update (not duplicate), content-hashed
 * code uploads that a second deploy skips, the S3 location path past 100 KiB, and start.
 */
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DescribePipelineCommand,
  ListPipelineExecutionsCommand,
  ListPipelineParametersForExecutionCommand,
  ListPipelinesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSageMakerClient,
  definitionUri,
  deployPipeline,
  describeExecution,
  INLINE_DEFINITION_LIMIT,
  listExecutions,
  readDeployDefinition,
  type DeployOptions,
} from '../../src/aws/index.js';
import { codeObjectUris } from '../../src/aws/preflight.js';
import { parseS3Uri } from '../../src/store/uri.js';
import { AwsError, ConfigError, DefinitionError, UsageError } from '../../src/errors.js';
import { ROOT } from '../helpers/cli.js';
import { startMoto, type Moto } from '../helpers/moto.js';
import { compileExampleA, createBucket, EXAMPLE_A_BUCKET, ROLE, s3For, writeFixture } from './fixture.js';

let moto: Moto;
let dir: string;
let sm: SageMakerClient;
const BUCKET = 'sagewire-code';

beforeAll(async () => {
  moto = await startMoto();
  dir = await mkdtemp(join(tmpdir(), 'sagewire-deploy-'));
  sm = createSageMakerClient({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });
  await createBucket(moto, BUCKET);
});

afterAll(async () => {
  await moto?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const aws = () => ({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });
const deploy = (o: Omit<DeployOptions, 'roleArn'> & { roleArn?: string }) => deployPipeline({ roleArn: ROLE, ...aws(), ...o });

/** Puts a placeholder at every code object a foreign definition names (the pre-flight checks they exist). */
async function seedCodeObjects(def: Record<string, unknown>): Promise<void> {
  const s3 = s3For(moto);
  for (const { uri } of codeObjectUris(def)) {
    const { bucket, key } = parseS3Uri(uri);
    await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'code' }));
  }
}

async function pipelinesNamed(name: string) {
  const res = await sm.send(new ListPipelinesCommand({ PipelineNamePrefix: name }));
  return (res.PipelineSummaries ?? []).filter((p) => p.PipelineName === name);
}

/** moto keeps a definition read from S3 as parsed JSON; AWS returns a string. Both compare as JSON. */
function asJson(definition: unknown): unknown {
  return typeof definition === 'string' ? JSON.parse(definition) : definition;
}

describe('deploy example (a), examples/four-step (moto)', () => {
  it('creates the pipeline with the compiled definition byte for byte, code under hashed keys; a changed redeploy updates it and uploads nothing', async () => {
    await createBucket(moto, EXAMPLE_A_BUCKET);
    const fx = await compileExampleA(join(dir, 'example-a'));
    const first = await deploy({ definitionPath: fx.definitionPath });
    expect(first).toMatchObject({ pipelineName: fx.pipelineName, action: 'created', definition: { via: 'inline' } });
    expect(first.assets.uploaded).toEqual(fx.manifest.assets.map((a) => a.uri));
    const described = await sm.send(new DescribePipelineCommand({ PipelineName: fx.pipelineName }));
    expect(described.PipelineDefinition).toBe(JSON.stringify(fx.definition));
    expect(JSON.parse(described.PipelineDefinition!)).toEqual(JSON.parse(await readFile(fx.definitionPath, 'utf8')));

    const s3 = s3For(moto);
    for (const asset of fx.manifest.assets) {
      const key = asset.uri.slice(`s3://${EXAMPLE_A_BUCKET}/`.length);
      expect(key.startsWith(`${fx.pipelineName}/code/`)).toBe(true);
      const head = await s3.send(new HeadObjectCommand({ Bucket: EXAMPLE_A_BUCKET, Key: key }));
      expect(head.ContentLength).toBe(asset.size);
      expect(head.Metadata?.sha256).toBe(asset.sha256);
    }

    const changed = { ...fx.definition, Metadata: { note: 'second deploy' } };
    await writeFile(fx.definitionPath, JSON.stringify(changed, null, 2));
    const second = await deploy({ definitionPath: fx.definitionPath });
    expect(second.action).toBe('updated');
    expect(second.assets).toEqual({ uploaded: [], skipped: fx.manifest.assets.map((a) => a.uri) });
    expect(await pipelinesNamed(fx.pipelineName)).toHaveLength(1);
    const after = await sm.send(new DescribePipelineCommand({ PipelineName: fx.pipelineName }));
    expect(after.PipelineDefinition).toBe(JSON.stringify(changed));
    expect(after.PipelineDefinition).not.toBe(described.PipelineDefinition);
  }, 300_000); // the first deploy uploads the Node runtime (125 MB) to moto
});

describe('deploy to SageMaker (moto)', () => {
  it('creates the pipeline with our definition byte for byte and uploads the code under hashed keys', async () => {
    const fx = await writeFixture(join(dir, 'a'), { bucket: BUCKET, pipelineName: 'four-step' });
    const result = await deploy({ definitionPath: fx.definitionPath });

    expect(result).toMatchObject({ pipelineName: 'four-step', action: 'created', region: 'us-east-1', definition: { via: 'inline' } });
    expect(result.assets.uploaded).toEqual(fx.manifest.assets.map((a) => a.uri));
    const described = await sm.send(new DescribePipelineCommand({ PipelineName: 'four-step' }));
    expect(described.PipelineDefinition).toBe(JSON.stringify(fx.definition));
    expect(described.RoleArn).toBe(ROLE);

    const s3 = s3For(moto);
    for (const asset of fx.manifest.assets) {
      const key = asset.uri.slice(`s3://${BUCKET}/`.length);
      expect(key).toMatch(new RegExp(`^four-step/code/${asset.sha256}/`));
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(head.ContentLength).toBe(asset.size);
      expect(head.Metadata?.sha256).toBe(asset.sha256);
    }
  });

  it('updates an existing pipeline instead of duplicating it, and uploads nothing new for unchanged code', async () => {
    const first = await writeFixture(join(dir, 'b'), { bucket: BUCKET, pipelineName: 'upsert-me' });
    await deploy({ definitionPath: first.definitionPath });
    const changed = await writeFixture(join(dir, 'b'), { bucket: BUCKET, pipelineName: 'upsert-me', instanceType: 'ml.c5.2xlarge' });
    const second = await deploy({ definitionPath: changed.definitionPath });

    expect(second.action).toBe('updated');
    expect(second.assets).toEqual({ uploaded: [], skipped: changed.manifest.assets.map((a) => a.uri) });
    expect(await pipelinesNamed('upsert-me')).toHaveLength(1);
    const described = await sm.send(new DescribePipelineCommand({ PipelineName: 'upsert-me' }));
    expect(described.PipelineDefinition).toBe(JSON.stringify(changed.definition));
    expect(described.PipelineDefinition).toContain('ml.c5.2xlarge');
  });

  it('uploads only the changed code file, under its new hash, on a redeploy', async () => {
    await writeFixture(join(dir, 'c'), { bucket: BUCKET, pipelineName: 'new-code' }).then((fx) => deploy({ definitionPath: fx.definitionPath }));
    const fx = await writeFixture(join(dir, 'c'), { bucket: BUCKET, pipelineName: 'new-code', code: 'console.log("v2");\n' });
    const result = await deploy({ definitionPath: fx.definitionPath });
    expect(result.assets.uploaded).toEqual([fx.manifest.assets[0]!.uri]);
    expect(result.assets.skipped).toEqual([fx.manifest.assets[1]!.uri]);
    const listed = await s3For(moto).send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'new-code/code/' }));
    expect(listed.KeyCount).toBe(3); // old main.mjs, new main.mjs, config.json
  });

  it('uploads a code file larger than one part in parts (multipart ETag), and skips it on redeploy', async () => {
    const fx = await writeFixture(join(dir, 'm'), { bucket: BUCKET, pipelineName: 'big-code', code: 'x'.repeat(17 * 1024 * 1024) });
    const first = await deploy({ definitionPath: fx.definitionPath });
    expect(first.assets.uploaded).toContain(fx.manifest.assets[0]!.uri);
    const key = fx.manifest.assets[0]!.uri.slice(`s3://${BUCKET}/`.length);
    const head = await s3For(moto).send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentLength).toBe(17 * 1024 * 1024);
    expect(head.ETag).toMatch(/-2"$/); // S3's ETag of an object uploaded in 2 parts
    expect((await deploy({ definitionPath: fx.definitionPath })).assets.uploaded).toEqual([]);
  });

  it('sends a definition of 100 KiB or more through PipelineDefinitionS3Location, on create and on update', async () => {
    const fx = await writeFixture(join(dir, 'd'), { bucket: BUCKET, pipelineName: 'big-one', extraSteps: 130 });
    const def = await readDeployDefinition(fx.definitionPath);
    expect(def.bytes).toBeGreaterThanOrEqual(INLINE_DEFINITION_LIMIT);

    const created = await deploy({ definitionPath: fx.definitionPath });
    const uri = definitionUri(BUCKET, 'big-one', def);
    expect(created.definition).toEqual({ bytes: def.bytes, via: 's3', uri });
    const obj = await s3For(moto).send(new GetObjectCommand({ Bucket: BUCKET, Key: uri.slice(`s3://${BUCKET}/`.length) }));
    expect(await obj.Body!.transformToString()).toBe(def.body);
    const described = await sm.send(new DescribePipelineCommand({ PipelineName: 'big-one' }));
    // moto 5.2 keeps a definition it read from S3 as parsed JSON (an inline one stays a string):
    // an object here shows SageMaker (moto) took the definition from the S3 location.
    expect(typeof described.PipelineDefinition).toBe('object');
    expect(asJson(described.PipelineDefinition)).toEqual(fx.definition);

    const bigger = await writeFixture(join(dir, 'd'), { bucket: BUCKET, pipelineName: 'big-one', extraSteps: 131 });
    const updated = await deploy({ definitionPath: bigger.definitionPath });
    expect(updated).toMatchObject({ action: 'updated', definition: { via: 's3' } });
    expect(updated.definition.uri).not.toBe(uri);
    const after = await sm.send(new DescribePipelineCommand({ PipelineName: 'big-one' }));
    expect((asJson(after.PipelineDefinition) as { Steps: unknown[] }).Steps).toHaveLength(132);
  });

  it('puts a big definition without assets into --bucket, and asks for it when missing', async () => {
    const fx = await writeFixture(join(dir, 'e'), { bucket: BUCKET, pipelineName: 'no-assets', extraSteps: 130 });
    // A hand-written definition: its code lives at a fixed URI, there is no manifest.
    await rm(join(dir, 'e', 'no-assets.assets.json'));
    const handWritten = JSON.stringify(fx.definition).replace(/s3:\/\/[^"]+\/code\/[0-9a-f]{64}\//g, `s3://${BUCKET}/scripts/`);
    await writeFile(fx.definitionPath, handWritten);
    await expect(deploy({ definitionPath: fx.definitionPath })).rejects.toThrow(UsageError);
    await expect(deploy({ definitionPath: fx.definitionPath })).rejects.toThrow(/pass --bucket/);
    await expect(deploy({ definitionPath: fx.definitionPath, bucket: 'not-made-yet' })).rejects.toThrow(
      /bucket not-made-yet does not exist .* or pass --bucket with a bucket that exists/,
    );
    // Pre-flight: the code objects it names must be in S3 before anything is uploaded.
    await expect(deploy({ definitionPath: fx.definitionPath, bucket: BUCKET })).rejects.toThrow(/not in S3/);
    await seedCodeObjects(JSON.parse(handWritten));
    const result = await deploy({ definitionPath: fx.definitionPath, bucket: BUCKET });
    expect(result.definition.via).toBe('s3');
    expect(result.assets).toEqual({ uploaded: [], skipped: [] });
  });

  it('starts an execution with parameter overrides that ListPipelineExecutions shows', async () => {
    const fx = await writeFixture(join(dir, 'f'), { bucket: BUCKET, pipelineName: 'run-me' });
    const result = await deploy({ definitionPath: fx.definitionPath, start: true, parameters: ['InstanceCount=2'] });
    const arn = result.execution!.arn;
    expect(arn).toMatch(/^arn:aws:sagemaker:us-east-1:\d{12}:pipeline\/run-me\/execution\/\w+$/);

    const listed = await sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'run-me' }));
    expect(listed.PipelineExecutionSummaries?.map((e) => e.PipelineExecutionArn)).toEqual([arn]);
    const params = await sm.send(new ListPipelineParametersForExecutionCommand({ PipelineExecutionArn: arn }));
    expect(params.PipelineParameters).toEqual([{ Name: 'InstanceCount', Value: '2' }]);

    expect((await listExecutions(sm, 'run-me')).map((e) => [e.arn, e.status])).toEqual([[arn, 'Succeeded']]);
    const report = await describeExecution(sm, arn);
    expect(report).toMatchObject({ arn, status: 'Succeeded' });
    // moto 5 has no ListPipelineExecutionSteps; the report says so instead of failing.
    expect(report.stepsUnavailable).toMatch(/ListPipelineExecutionSteps/);
  });

  it('waits for the execution and reports its terminal status', async () => {
    const fx = await writeFixture(join(dir, 'g'), { bucket: BUCKET, pipelineName: 'wait-me' });
    const lines: string[] = [];
    const result = await deploy({ definitionPath: fx.definitionPath, wait: true, log: (l) => lines.push(l) });
    expect(result.execution).toMatchObject({ finished: true, report: { status: 'Succeeded' } });
    expect(lines).toContain('execution Succeeded');
  });

  it('deploys the Python SDK’s reference definitions unchanged (no manifest: nothing to upload)', async () => {
    const refDir = join(ROOT, '..', 'shared', 'reference', 'sdk-examples');
    const files = (await readdir(refDir)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      // Their code lives where the SDK uploaded it; a user's account would hold it, so seed it here.
      await seedCodeObjects(JSON.parse(await readFile(join(refDir, file), 'utf8')));
      const result = await deploy({ definitionPath: join(refDir, file), name: `sdk-${file.replace(/\.json$/, '')}` });
      expect(result.assets).toEqual({ uploaded: [], skipped: [] });
      const described = await sm.send(new DescribePipelineCommand({ PipelineName: result.pipelineName }));
      expect(JSON.parse(described.PipelineDefinition!)).toEqual(JSON.parse(await readFile(join(refDir, file), 'utf8')));
    }
  });

  it('refuses a definition whose code the manifest does not list, before uploading anything', async () => {
    const fx = await writeFixture(join(dir, 'k'), { bucket: BUCKET, pipelineName: 'stale-manifest' });
    const manifestPath = join(dir, 'k', 'stale-manifest.assets.json');
    await writeFile(manifestPath, JSON.stringify({ ...fx.manifest, assets: fx.manifest.assets.slice(1) }));
    await expect(deploy({ definitionPath: fx.definitionPath })).rejects.toThrow(DefinitionError);
    const listed = await s3For(moto).send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'stale-manifest/' }));
    expect(listed.KeyCount ?? 0).toBe(0);
    expect(await pipelinesNamed('stale-manifest')).toHaveLength(0);
  });

  it('refuses code files that changed since compile (their hashed keys would lie)', async () => {
    const fx = await writeFixture(join(dir, 'l'), { bucket: BUCKET, pipelineName: 'edited-code' });
    await writeFile(fx.manifest.assets[0]!.file!, 'console.log("edited after compile");\n');
    const err = await deploy({ definitionPath: fx.definitionPath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).describe()).toMatch(/main\.mjs: changed since compile .*compile again|compile again[\s\S]*main\.mjs: changed since compile/);
    expect(await pipelinesNamed('edited-code')).toHaveLength(0);
  });

  it('rejects an unknown --param before touching AWS', async () => {
    const fx = await writeFixture(join(dir, 'h'), { bucket: BUCKET, pipelineName: 'bad-param' });
    await expect(deploy({ definitionPath: fx.definitionPath, start: true, parameters: ['InstanceTyp=ml.m5.large'] })).rejects.toThrow(
      /--param InstanceTyp: the definition has no such parameter \(it declares: InstanceType, InstanceCount\)/,
    );
    expect(await pipelinesNamed('bad-param')).toHaveLength(0);
  });

  it('stops at a missing bucket or a malformed role before uploading or creating anything', async () => {
    const missing = await writeFixture(join(dir, 'i'), { bucket: 'no-such-bucket-here', pipelineName: 'nobucket' });
    const err = await deploy({ definitionPath: missing.definitionPath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toMatch(/bucket no-such-bucket-here does not exist .*aws s3 mb s3:\/\/no-such-bucket-here --region us-east-1/);
    expect(await pipelinesNamed('nobucket')).toHaveLength(0);

    const fx = await writeFixture(join(dir, 'j'), { bucket: BUCKET, pipelineName: 'badrole' });
    await expect(deploy({ definitionPath: fx.definitionPath, roleArn: 'SageMakerRole' })).rejects.toThrow(/not an IAM role ARN/);
    const listed = await s3For(moto).send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'badrole/' }));
    expect(listed.KeyCount ?? 0).toBe(0);
    expect(await pipelinesNamed('badrole')).toHaveLength(0);
  });
});
