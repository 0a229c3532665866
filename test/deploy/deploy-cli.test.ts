/**
 * The real sagewire binary against moto: deploy --start / --wait, status, executions, and the
 * failures a user meets first (malformed role, missing bucket, no credentials, unknown
 * parameter): exit code, a message that says what to fix, no stack trace.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { compileExampleA, createBucket, EXAMPLE_A_BUCKET, ROLE, writeFixture } from './fixture.js';

let moto: Moto;
let dir: string;
let env: Record<string, string>;
const BUCKET = 'sagewire-cli-code';

beforeAll(async () => {
  moto = await startMoto();
  dir = await mkdtemp(join(tmpdir(), 'sagewire-deploy-cli-'));
  env = motoEnv(moto);
  await createBucket(moto, BUCKET);
});

afterAll(async () => {
  await moto?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function expectNoStack(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain('this is a bug');
}

describe('sagewire deploy / status / executions (moto)', () => {
  it('deploys example (a), starts it, and the execution shows in `executions` and `status`', async () => {
    await createBucket(moto, EXAMPLE_A_BUCKET);
    const fx = await compileExampleA(join(dir, 'example-a'));
    const refused = await runCli(['deploy', fx.definitionPath, '--role', ROLE, '--start', '--param', 'VPC_SUBNET=subnet-0abc'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/empty SECURITY_GROUP_ID\. Pass --param SECURITY_GROUP_ID=<id>/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const deployed = await runCli(
      ['deploy', fx.definitionPath, '--role', ROLE, '--start', '--param', 'VPC_SUBNET=subnet-0abc', '--param', 'SECURITY_GROUP_ID=sg-0abc', '--json'],
      { env, timeoutMs: 280_000 },
    );
    expect(deployed.stderr).not.toContain('error');
    expect(deployed.code).toBe(0);
    const out = JSON.parse(deployed.stdout) as { version: string; action: string; pipelineName: string; execution: { arn: string } };
    expect(out).toMatchObject({ action: 'created', pipelineName: fx.pipelineName });
    expect(out.execution.arn).toContain(`:pipeline/${fx.pipelineName}/execution/`);

    const listed = await runCli(['executions', fx.pipelineName, '--json'], { env });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { executions: { arn: string }[] }).executions.map((e) => e.arn)).toEqual([out.execution.arn]);

    const status = await runCli(['status', out.execution.arn], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(out.execution.arn);
    expect(status.stdout).toContain('status: Succeeded');
  }, 300_000); // the first deploy uploads the Node runtime (125 MB) to moto

  it('--wait exits 0 on Succeeded and prints the status change (endpoint given by --endpoint-url)', async () => {
    const fx = await writeFixture(join(dir, 'wait'), { bucket: BUCKET, pipelineName: 'cli-wait' });
    const res = await runCli(['deploy', fx.definitionPath, '--role', ROLE, '--wait', '--endpoint-url', moto.endpoint], {
      env: { ...env, AWS_ENDPOINT_URL: '' },
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/created pipeline cli-wait in us-east-1/);
    expect(res.stdout).toMatch(/execution: arn:aws:sagemaker:us-east-1:\d{12}:pipeline\/cli-wait\/execution\//);
    expect(res.stdout).toContain('status: Succeeded');
    expect(res.stderr).toContain('execution Succeeded');
  });

  it('a malformed role: exit 1, says what a role ARN looks like', async () => {
    const fx = await writeFixture(join(dir, 'role'), { bucket: BUCKET, pipelineName: 'cli-role' });
    const res = await runCli(['deploy', fx.definitionPath, '--role', 'MySageMakerRole'], { env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error [AWS]: --role "MySageMakerRole" is not an IAM role ARN');
    expect(res.stderr).toContain('arn:aws:iam::<12-digit account>:role/<name>');
    expectNoStack(res.stderr);
  });

  it('a missing bucket: exit 1, says to create it', async () => {
    const fx = await writeFixture(join(dir, 'bucket'), { bucket: 'missing-code-bucket', pipelineName: 'cli-bucket' });
    const res = await runCli(['deploy', fx.definitionPath, '--role', ROLE], { env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('bucket missing-code-bucket does not exist');
    expect(res.stderr).toContain('aws s3 mb s3://missing-code-bucket --region us-east-1');
    expect(res.stderr).toContain('or compile again with a bucket that exists');
    expectNoStack(res.stderr);
  });

  it('no credentials: exit 1, says where credentials come from', async () => {
    const fx = await writeFixture(join(dir, 'creds'), { bucket: BUCKET, pipelineName: 'cli-creds' });
    const home = join(dir, 'empty-home');
    const res = await runCli(['deploy', fx.definitionPath, '--role', ROLE], {
      env: {
        ...env,
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
        AWS_WEB_IDENTITY_TOKEN_FILE: '',
        // no instance metadata service here: do not wait for its timeout
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error [AWS]: cannot load AWS credentials');
    expect(res.stderr).toContain('set AWS_PROFILE');
    expectNoStack(res.stderr);
  });

  it('an unknown --param: exit 2, names it', async () => {
    const fx = await writeFixture(join(dir, 'param'), { bucket: BUCKET, pipelineName: 'cli-param' });
    const res = await runCli(['deploy', fx.definitionPath, '--role', ROLE, '--start', '--param', 'Nope=1'], { env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--param Nope: the definition has no such parameter');
  });

  it('status of a malformed ARN: exit 2; of an unknown execution: exit 1 with AWS’s message', async () => {
    const bad = await runCli(['status', 'not-an-arn'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a pipeline execution ARN');
    const unknown = await runCli(['status', 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/ghost/execution/abc'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/error \[AWS\]: cannot describe execution .*ValidationException.*Could not find pipeline/);
    expect(unknown.stderr).toContain('Check the name or ARN and the region');
    expectNoStack(unknown.stderr);
  });
});
