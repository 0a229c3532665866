/**
 * `registrar: sagemaker` end to end through the real binary: examples/four-step compiled for AWS
 * (no --local) with SageMaker's own RegisterModel step, checked against AWS's schema, deployed on
 * moto, and run locally to a model the (embedded) inventory lists as REGISTERED.
 */
import { DescribePipelineCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSchemas } from '../../src/dsl/__fixtures__/schemas.js';
import { InventoryClient, startInventoryServer } from '../../src/registry/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { createBucket, EXAMPLE_A_BUCKET, ROLE } from './fixture.js';

const FOUR = join(ROOT, 'examples', 'four-step');
type Step = { Name: string; Type: string; Arguments: Record<string, unknown> };
type Definition = { Steps: Step[] };

let moto: Moto;
let dir: string;
let definition: Definition;

beforeAll(async () => {
  moto = await startMoto();
  dir = await mkdtemp(join(tmpdir(), 'sagewire-registermodel-'));
  await createBucket(moto, EXAMPLE_A_BUCKET);
  const config = JSON.parse(readFileSync(join(FOUR, 'config.json'), 'utf8'));
  const reg = config.configuration.specific.Registration;
  reg.registrar = 'sagemaker';
  delete reg.inventory_url;
  reg.model_approval_status = 'Approved';
  config.configuration.shared.project_root = FOUR;
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'dag.json'), readFileSync(join(FOUR, 'dag.json')));
  const compiled = await runCli(['compile', '--dag', 'dag.json', '--config', 'config.json', '--out', 'sm.json'], { cwd: dir });
  expect(compiled.code, compiled.stderr).toBe(0);
  definition = JSON.parse(readFileSync(join(dir, 'sm.json'), 'utf8')) as Definition;
}, 120_000);
afterAll(async () => {
  await moto?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const registerModel = (def: Definition) => def.Steps.find((s) => s.Type === 'RegisterModel')!;

describe('registrar: sagemaker (real binary)', () => {
  it('compiles to a RegisterModel step (no container) that AWS schema accepts', () => {
    const step = registerModel(definition);
    expect(step.Name).toBe('Registration');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deep JSON assertions
    const a = step.Arguments as Record<string, any>;
    expect(a).not.toHaveProperty('AppSpecification');
    expect(a.ModelPackageGroupName).toBe('fraud-order-risk');
    expect(a.ModelApprovalStatus).toBe('Approved');
    expect(a.InferenceSpecification.Containers[0].Image).toBe('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');
    expect(a.InferenceSpecification.Containers[0].ModelDataUrl).toEqual({
      'Std:Join': { On: '/', Values: [{ Get: "Steps.Package.ProcessingOutputConfig.Outputs['packaged_model_output'].S3Output.S3Uri" }, 'model.tar.gz'] },
    });
    expect(a.InferenceSpecification.SupportedContentTypes).toEqual(['text/csv', 'application/json']);
    expect(a.CustomerMetadataProperties).toMatchObject({ model_domain: 'fraud', model_objective: 'order_risk', model_owner: 'team-sagewire-example' });

    const { sdk, official } = validateAgainstSchemas(definition);
    expect(sdk).toEqual([]);
    // AWS's official schema cannot express a RegisterModel step at all (PATCHES.md): everything
    // else in the definition must pass it.
    const at = `/Steps/${definition.Steps.indexOf(step)}`;
    expect(official.length).toBeGreaterThan(0);
    expect(official.filter((e) => e.instancePath !== at && !e.instancePath.startsWith(`${at}/`))).toEqual([]);

    // The schema check bites: a misspelt argument is refused.
    const wrong = structuredClone(definition);
    registerModel(wrong).Arguments.ModelAprovalStatus = 'Approved';
    expect(validateAgainstSchemas(wrong).sdk.length).toBeGreaterThan(0);
  });

  it('deploys on moto: the pipeline holds the RegisterModel step as compiled', async () => {
    const deployed = await runCli(['deploy', 'sm.json', '--role', ROLE, '--json'], { cwd: dir, env: motoEnv(moto), timeoutMs: 280_000 });
    expect(deployed.code, deployed.stderr).toBe(0);
    const out = JSON.parse(deployed.stdout) as { action: string; pipelineName: string };
    expect(out.action).toBe('created');
    const sm = new SageMakerClient({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });
    const described = await sm.send(new DescribePipelineCommand({ PipelineName: out.pipelineName }));
    const sent = JSON.parse(described.PipelineDefinition!) as Definition;
    expect(registerModel(sent)).toEqual(registerModel(definition));
    expect(validateAgainstSchemas(sent).sdk).toEqual([]);
  }, 300_000); // the first deploy uploads the Node runtime (125 MB) to moto

  it('`run` executes it locally to a model the inventory lists as REGISTERED', async () => {
    const run = await runCli(['run', 'sm.json', '--embedded-inventory', '--json'], { cwd: dir, timeoutMs: 280_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      status: string;
      executionId: string;
      steps: { name: string; status: string; record?: Record<string, unknown> }[];
      registrations: { step: string; modelId: string; status?: string; modelVersion?: number }[];
    };
    expect(summary.status).toBe('Succeeded');
    expect(summary.steps.map((s) => [s.name, s.status])).toEqual([
      ['DummyTraining', 'done'],
      ['Package', 'done'],
      ['Payload', 'done'],
      ['Registration', 'done'],
    ]);
    const record = summary.steps.find((s) => s.name === 'Registration')!.record!;
    expect(record).toMatchObject({ ModelPackageGroupName: 'fraud-order-risk', ModelApprovalStatus: 'Approved', ModelPackageStatus: 'Completed', ModelPackageVersion: 1 });
    expect(summary.registrations).toEqual([{ step: 'Registration', modelId: record.ModelPackageName, executionArn: record.ModelPackageArn, status: 'REGISTERED', modelVersion: 1 }]);

    const inventory = await startInventoryServer({ dataDir: join(dir, '.sagewire', 'inventory') });
    try {
      const client = new InventoryClient(inventory.url);
      const model = await client.getModel(record.ModelPackageName as string);
      expect([model.domain, model.objective]).toEqual(['fraud', 'order_risk']);
      const version = model.versions[0]!;
      expect(version.request).toMatchObject({
        model_owner: 'team-sagewire-example',
        source_model_inference_image_arn: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
        source_model_inference_content_types: ['text/csv', 'application/json'],
        source_model_inference_response_types: ['application/json'],
        source_model_inference_input_variable_list: [
          ['order_amount', 'NUMERIC'],
          ['account_age_days', 'NUMERIC'],
          ['payment_method', 'TEXT'],
        ],
        source_model_environment_variable_map: { SAGEMAKER_PROGRAM: 'inference.py' },
        workflow_execution_id: summary.executionId,
      });
      // The step's ModelApprovalStatus becomes the version's approval, as CreateModelPackage sets it.
      expect(version.approval).toMatchObject({ status: 'Approved', reason: expect.stringContaining('RegisterModel step Registration') });
      // SamplePayloadUrl travels too: the version keeps the sample payload.
      expect(version.payloadUri).toMatch(/payload\.tar\.gz$/);
    } finally {
      await inventory.close();
    }
  }, 300_000);
});
