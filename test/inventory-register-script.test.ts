/**
 * The bundled registration script (dist/scripts/register.mjs) run as a processing job runs it,
 * with SAGEWIRE_PATHS pointing at temp folders: the seed 002 flow against the inventory and
 * against SageMaker on moto, and every bad input failing with exit 1 and a named cause.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryClient } from '../src/registry/client/inventory-client.js';
import { startInventoryServer, type InventoryServer } from '../src/registry/server/start-server.js';
import { writeModelPackage, writePayload } from './inventory-fixtures.js';
import { sampleConfig } from './inventory-sample-request.js';
import { REQUIRED_REGISTRATION_FIELDS } from '../src/steps/registration/contract.js';
import { openStore, S3Store } from '../src/store/index.js';
import { sha256File } from '../src/fs/sha256-file.js';
import { ROOT, runCli } from './helpers/cli.js';
import { motoEnv, startMoto } from './helpers/moto.js';

const exec = promisify(execFile);
const TOKEN = 'writer-token-register-script-0001';

let dir: string;
let storeRoot: string;
let server: InventoryServer;
let guarded: InventoryServer;
let model: string;
let payload: string;
let n = 0;

/** A fresh set of container folders; `files` go into the model input. */
function job(opts: { modelFiles?: string[]; payload?: string; config?: unknown } = {}): Record<string, string> {
  const root = join(dir, `job-${n++}`);
  const paths = {
    packaged_model_input: join(root, 'input', 'model'),
    payload_input: join(root, 'mims_payload'),
    registration_config: join(root, 'config', 'config'),
    performance_metadata: join(root, 'input', 'metadata'),
  };
  mkdirSync(paths.packaged_model_input, { recursive: true });
  mkdirSync(join(root, 'config'), { recursive: true });
  for (const file of opts.modelFiles ?? [model]) copyFileSync(file, join(paths.packaged_model_input, file === model ? 'model.tar.gz' : file.slice(file.lastIndexOf('/') + 1)));
  if (opts.payload) {
    mkdirSync(paths.payload_input, { recursive: true });
    copyFileSync(opts.payload, join(paths.payload_input, 'payload.tar.gz'));
  }
  writeFileSync(paths.registration_config, JSON.stringify(opts.config ?? sampleConfig()));
  return paths;
}

function runScript(paths: Record<string, string>, env: Record<string, string>, script = join(ROOT, 'dist', 'scripts', 'register.mjs')) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { PATH: process.env.PATH, NODE_OPTIONS: '', SAGEWIRE_PATHS: JSON.stringify(paths), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const inventoryEnv = () => ({ SAGEWIRE_LOCAL_STORE: storeRoot, SAGEWIRE_REGISTRAR: server.url });
const tempObjects = () => openStore({ root: storeRoot }).list('s3://sagewire-tmp/');
/** Files the inventory keeps (uploads and registered artifacts), by name. */
const inventoryFiles = () => {
  const root = join(dir, 'inventory', 'artifacts');
  return existsSync(root) ? (readdirSync(root, { recursive: true }) as string[]).filter((name) => statSync(join(root, name)).isFile()) : [];
};

beforeAll(async () => {
  try {
    await exec(process.execPath, [join(ROOT, 'scripts', 'bundle-scripts.mjs')], { cwd: ROOT });
  } catch (err) {
    throw new Error(`npm run bundle failed, so the register script cannot be tested:\n${(err as { stderr?: string }).stderr ?? err}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'sagewire-register-script-'));
  storeRoot = join(dir, 'store');
  const sourceStore = openStore({ root: storeRoot });
  server = await startInventoryServer({ dataDir: join(dir, 'inventory'), sourceStore });
  guarded = await startInventoryServer({ dataDir: join(dir, 'guarded'), sourceStore, tokens: [{ role: 'writer', token: TOKEN }] });
  model = await writeModelPackage(join(dir, 'fixtures'));
  payload = await writePayload(join(dir, 'fixtures'));
});

afterAll(async () => {
  await server?.close();
  await guarded?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('register script (bundled)', () => {
  it('runs seed 002 flow against the inventory: registers, waits, cleans up, prints the two lines', async () => {
    await openStore({ root: storeRoot }).putBytes('s3://metrics/run-7/performance.json', JSON.stringify({ auc: 0.91 }));
    // the bundle alone, as a job has it (no package.json anywhere above it)
    const codeAlone = join(dir, 'code', 'register.mjs');
    mkdirSync(join(dir, 'code'), { recursive: true });
    copyFileSync(join(ROOT, 'dist', 'scripts', 'register.mjs'), codeAlone);
    // what SageMaker writes into a processing job's container
    const jobConfig = join(dir, 'processingjobconfig.json');
    writeFileSync(jobConfig, JSON.stringify({
      ProcessingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/pipelines-abc-registration-x1',
      AppSpecification: { ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3' },
      ProcessingInputs: [
        { InputName: 'packaged_model_input', S3Input: { S3Uri: 's3://bucket/run-7/packaged/model.tar.gz' } },
        { InputName: 'code', S3Input: { S3Uri: 's3://bucket/code/register.mjs' } },
      ],
    }));
    const res = await runScript(job({ payload }), {
      ...inventoryEnv(),
      MODS_WORKFLOW_EXECUTION_ID: 'mods-exec-7',
      PERFORMANCE_METADATA_PATH: 's3://metrics/run-7/performance.json',
      SAGEWIRE_PROCESSING_JOB_CONFIG: jobConfig,
      SAGEWIRE_PIPELINE_NAME: 'risk-pipeline',
    }, codeAlone);
    expect(res.stderr).not.toMatch(/error/);
    expect(res.code).toBe(0);
    const [arnLine, idLine, ...rest] = res.stdout.trim().split('\n');
    expect(rest).toEqual([]);
    expect(arnLine).toMatch(/^Workflow execution arn for model registration process: arn:sagewire:inventory:us-east-1:local:execution\/reg-/);
    expect(idLine).toMatch(/^Model id for model being registered: model-[0-9a-f]{12}$/);
    const registration = await new InventoryClient(server.url).getRegistration(arnLine!.slice(arnLine!.lastIndexOf('/') + 1));
    expect(registration.status).toBe('REGISTERED');
    expect(registration.request.workflow_execution_id).toBe('mods-exec-7');
    expect(registration.request.performance_metadata).toEqual({ auc: 0.91 });
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(registration.request.lineage).toEqual({
      pipeline_name: 'risk-pipeline',
      pipeline_execution_id: 'mods-exec-7',
      processing_job: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/pipelines-abc-registration-x1',
      image_uri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      source_data_uris: ['s3://bucket/run-7/packaged/model.tar.gz'],
      sagewire_version: version, // carried by the bundle, which has no package.json beside it in a job
    });
    // uploaded to the inventory itself: nothing went through the shared store
    expect(registration.request.payload_artifact_uri).toMatch(/^inventory:\/\/artifacts\/[0-9a-f]{64}$/);
    expect(registration.request.model_artifact_uri).toBe(`inventory://artifacts/${(await sha256File(model)).sha256}`);
    expect(await tempObjects()).toEqual([]);
  });

  it('exits 1 naming a missing required field', async () => {
    const { model_owner: _omitted, ...config } = sampleConfig();
    const res = await runScript(job({ config }), inventoryEnv());
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('1 required field(s) missing');
    expect(res.stderr).toContain('- model_owner: is required');
    expect(res.stdout).toBe('');
  });

  it('lists every missing field at once', async () => {
    const res = await runScript(job({ config: { model_domain: 'd' } }), inventoryEnv());
    expect(res.code).toBe(1);
    for (const field of REQUIRED_REGISTRATION_FIELDS.filter((f) => f !== 'model_domain')) expect(res.stderr).toContain(`- ${field}: is required`);
  });

  it('exits 1 listing the files when the model folder holds two, and when it holds none', async () => {
    const extra = join(dir, 'fixtures', 'notes.txt');
    writeFileSync(extra, 'x');
    const two = await runScript(job({ modelFiles: [model, extra] }), inventoryEnv());
    expect(two.code).toBe(1);
    expect(two.stderr).toMatch(/model input: 2 files in .*; expected exactly one/);
    expect(two.stderr).toContain('- model.tar.gz: found');
    expect(two.stderr).toContain('- notes.txt: found');
    const none = await runScript(job({ modelFiles: [] }), inventoryEnv());
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/model input: no file in .*; expected exactly one/);
  });

  // The model is sent beside its check (register-model.ts): its last chunk waits for the
  // verdict, so a model that fails is never kept by the inventory.
  it('exits 1 naming code/inference.py for a model that lacks it, and nothing is kept', async () => {
    const before = inventoryFiles();
    const bare = await writeModelPackage(join(dir, 'bare'), { program: null, weights: randomBytes(3 * 1024 * 1024).toString('base64') });
    const res = await runScript(job({ modelFiles: [bare] }), inventoryEnv());
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/has no code\/inference\.py/);
    expect(await tempObjects()).toEqual([]);
    expect(inventoryFiles()).toEqual(before);
  });

  it('exits 1 naming the sample when the payload does not match the input variables', async () => {
    const before = inventoryFiles();
    const bad = await writePayload(join(dir, 'badpayload'), '1.5', '{"amount": "lots", "country": "FR"}');
    const res = await runScript(job({ payload: bad }), inventoryEnv());
    expect(res.code).toBe(1);
    expect(inventoryFiles()).toEqual(before);
    expect(res.stderr).toContain('payload_text_csv_0.csv:1: has 1 value(s), the input variable list has 2 (amount, country)');
    expect(res.stderr).toContain('payload_application_json_0.json.amount: NUMERIC variable has value "lots"');
  });

  it('is refused without a writer token before anything is kept, and registers with one (no store at all)', async () => {
    const res = await runScript(job(), { SAGEWIRE_REGISTRAR: guarded.url });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/refused POST \/v1\/artifacts \(HTTP 401\)/);
    const ok = await runScript(job(), { SAGEWIRE_REGISTRAR: guarded.url, SAGEWIRE_INVENTORY_TOKEN: TOKEN });
    expect(ok.stderr).not.toMatch(/error/);
    expect(ok.code).toBe(0);
  });

  it('exits 1 naming SAGEWIRE_REGISTRAR when it is not set', async () => {
    const res = await runScript(job(), { SAGEWIRE_LOCAL_STORE: storeRoot });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/SAGEWIRE_REGISTRAR is not set/);
  });

  it('registers in the SageMaker Model Registry on moto with SAGEWIRE_REGISTRAR=sagemaker', async () => {
    const moto = await startMoto();
    try {
      const store = new S3Store({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });
      await store.client.send(new CreateBucketCommand({ Bucket: 'ml-bucket' }));
      const res = await runScript(job({ payload }), { ...motoEnv(moto), SAGEWIRE_REGISTRAR: 'sagemaker', SAGEWIRE_TEMP_PREFIX: 's3://ml-bucket/tmp' });
      expect(res.stderr).not.toMatch(/error/);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^Workflow execution arn for model registration process: arn:aws:sagemaker:us-east-1:\d+:model-package\/buyer-abuse-risk-scoring\/1\n/);
      expect(res.stdout).toContain('Model id for model being registered: buyer-abuse-risk-scoring\n');
      expect(await store.list('s3://ml-bucket/tmp/')).toEqual([]);
      expect((await store.list('s3://ml-bucket/sagewire-registry/')).map((o) => o.uri.slice(o.uri.lastIndexOf('/') + 1)).sort()).toEqual(['model.tar.gz', 'payload.tar.gz']);
    } finally {
      await moto.stop();
    }
  });
});

describe('sagewire register (CLI)', () => {
  it('exits 1 naming code/inference.py and exits 2 without a registrar', async () => {
    const bare = await writeModelPackage(join(dir, 'bare-cli'), { program: null });
    const config = join(dir, 'cli-config.json');
    writeFileSync(config, JSON.stringify(sampleConfig()));
    const res = await runCli(['register', '--model', bare, '--config', config, '--inventory', server.url], { env: { SAGEWIRE_LOCAL_STORE: storeRoot } });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^uploading .* while checking it\nerror \[SCRIPT\]: model .*bare-cli\/model\.tar\.gz has no code\/inference\.py/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const usage = await runCli(['register', '--model', model, '--config', config], { env: { SAGEWIRE_LOCAL_STORE: storeRoot } });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/exactly one of --inventory <url> or --sagemaker-registry/);
  });
});
