/**
 * Deploy's pre-flight through the real binary against moto: each case is refused (or warned)
 * before anything is uploaded.
 */
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribePipelineCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { createBucket, ROLE, writeFixture } from './fixture.js';

let moto: Moto;
let dir: string;
let env: Record<string, string>;
const BUCKET = 'sagewire-preflight';
const FOUR = join(ROOT, 'examples', 'four-step');

const s3 = () => new S3Client({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials, forcePathStyle: true });
const keys = async (bucket: string) => ((await s3().send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);

beforeAll(async () => {
  moto = await startMoto();
  dir = await mkdtemp(join(tmpdir(), 'sagewire-preflight-'));
  env = motoEnv(moto);
  await createBucket(moto, BUCKET);
  await createBucket(moto, 'sagewire-example-bucket');
});
afterAll(async () => {
  await moto?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('deploy pre-flight (moto, real binary)', () => {
  it('refuses a Registration step without a registrar, uploading nothing', async () => {
    const config = JSON.parse(readFileSync(join(FOUR, 'config.json'), 'utf8'));
    const reg = config.configuration.specific.Registration;
    delete reg.registrar;
    delete reg.inventory_url;
    for (const f of ['dag.json']) writeFileSync(join(dir, f), readFileSync(join(FOUR, f)));
    config.configuration.shared.project_root = FOUR;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const c = await runCli(['compile', '--dag', 'dag.json', '--config', 'config.json', '--out', 'noreg.json'], { cwd: dir });
    expect(c.code, c.stderr).toBe(0);
    const r = await runCli(['deploy', 'noreg.json', '--role', ROLE], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/registration step\(s\) would register nowhere/);
    expect(r.stderr).toMatch(/Steps\.Registration\.Arguments\.Environment: has no SAGEWIRE_REGISTRAR: set registrar/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await keys('sagewire-example-bucket')).toEqual([]);
  });

  it('says when step roles differ from --role, and --rewrite-roles sets them', async () => {
    const fx = await writeFixture(join(dir, 'roles'), { bucket: BUCKET, pipelineName: 'roles' });
    const other = 'arn:aws:iam::123456789012:role/OtherRole';
    const warned = await runCli(['deploy', fx.definitionPath, '--role', other], { env });
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toContain(`warning: step Package runs as ${ROLE} (RoleArn), not --role ${other}; pass --rewrite-roles`);
    const sm = new SageMakerClient({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });
    const role = async () => {
      const d = await sm.send(new DescribePipelineCommand({ PipelineName: 'roles' }));
      return (JSON.parse(d.PipelineDefinition!) as { Steps: { Arguments: { RoleArn: string } }[] }).Steps[0]!.Arguments.RoleArn;
    };
    expect(await role()).toBe(ROLE);
    const rewritten = await runCli(['deploy', fx.definitionPath, '--role', other, '--rewrite-roles'], { env });
    expect(rewritten.code, rewritten.stderr).toBe(0);
    expect(rewritten.stderr).not.toContain('warning:');
    expect(await role()).toBe(other);
    expect(JSON.parse(readFileSync(fx.definitionPath, 'utf8')).Steps[0].Arguments.RoleArn).toBe(ROLE); // the file is the user's
  });

  it('a definition sagewire did not compile: every missing code object is listed at once, before any upload', async () => {
    const fx = await writeFixture(join(dir, 'foreign'), { bucket: BUCKET, pipelineName: 'foreign' });
    rmManifest(fx.definitionPath);
    const before = await keys(BUCKET);
    const r = await runCli(['deploy', fx.definitionPath, '--role', ROLE], { env });
    expect(r.code).toBe(1);
    const [code, config] = fx.manifest.assets.map((a) => a.uri);
    expect(r.stderr).toContain('2 of the 2 code object(s) it names are not in S3');
    expect(r.stderr).toContain(`${code} is not in S3`);
    expect(r.stderr).toContain(`${config} is not in S3`);
    expect(await keys(BUCKET)).toEqual(before);
    const put = (uri: string) => {
      const key = uri.slice(`s3://${BUCKET}/`.length);
      return s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }));
    };
    await put(code!);
    await put(config!);
    const ok = await runCli(['deploy', fx.definitionPath, '--role', ROLE], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('all 2 code object(s) the definition names are in S3');
  });

  it('compile --no-vpc: no VpcConfig and no VPC parameters (what deploy --start would ask for)', async () => {
    const c = await runCli(['compile', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json'), '--no-vpc', '--out', 'novpc.json'], { cwd: dir });
    expect(c.code, c.stderr).toBe(0);
    const text = readFileSync(join(dir, 'novpc.json'), 'utf8');
    expect(text).not.toContain('VpcConfig');
    expect(text).not.toContain('VPC_SUBNET');
    expect(text).not.toContain('SECURITY_GROUP_ID');
    const withVpc = await runCli(['compile', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json')], { cwd: dir });
    expect(withVpc.stdout).toContain('VpcConfig');
  });
});

function rmManifest(definitionPath: string) {
  rmSync(definitionPath.replace(/\.json$/, '.assets.json'));
}
