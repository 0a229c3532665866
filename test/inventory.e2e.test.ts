/**
 * End to end: the real `sagewire inventory serve`, a packaged model registered with the real
 * `sagewire register`, then listed, fetched and shown on the page in Chromium.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryClient } from '../src/registry/client/inventory-client.js';
import { pollUntil } from '../src/registry/registrars/poll-until.js';
import { writeModelPackage } from './inventory-fixtures.js';
import { sampleConfig } from './inventory-sample-request.js';
import { openStore } from '../src/store/index.js';
import { runCli } from './helpers/cli.js';
import { startServe, type ServeProcess } from './inventory-helpers.js';
import { isTerminal } from '../src/registry/model/records.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let dir: string;
let env: Record<string, string>;
let serve: ServeProcess;
let registered: { executionArn: string; modelId: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-inventory-e2e-'));
  env = { SAGEWIRE_LOCAL_STORE: join(dir, 'store') };
  serve = await startServe(['--data-dir', join(dir, 'inventory')], env);
});

afterAll(async () => {
  const code = await serve?.stop();
  expect(code).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory end to end', () => {
  it('says it is open and loopback-only without a token file', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(serve.output()).toMatch(/no --token-file: .*only loopback addresses are allowed/);
  });

  it('registers a model made by `sagewire package` with `sagewire register`, prints the two seed lines, and leaves no temporary upload', async () => {
    // the model and payload come from `sagewire package` and `sagewire payload`
    mkdirSync(join(dir, 'weights'));
    mkdirSync(join(dir, 'scripts'));
    writeFileSync(join(dir, 'weights', 'model.pth'), 'weights');
    writeFileSync(join(dir, 'scripts', 'inference.py'), 'def model_fn(d):\n    return d\n');
    const packaged = await runCli(['package', '--model', join(dir, 'weights'), '--scripts', join(dir, 'scripts'), '--out', join(dir, 'packaged')]);
    expect(packaged.code, packaged.stderr).toBe(0);
    const payloadConfig = join(dir, 'payload-config.json');
    writeFileSync(payloadConfig, JSON.stringify({ content_types: ['text/csv', 'application/json'], input_variable_list: { amount: 'NUMERIC', country: 'TEXT' } }));
    const model = join(dir, 'packaged', 'model.tar.gz');
    const made = await runCli(['payload', '--model', model, '--config', payloadConfig, '--out', join(dir, 'payload')]);
    expect(made.code, made.stderr).toBe(0);
    const payload = join(dir, 'payload', 'payload.tar.gz');
    const config = join(dir, 'registration.json');
    writeFileSync(config, JSON.stringify(sampleConfig({ source_model_inference_input_variable_list: { amount: 'NUMERIC', country: 'TEXT' } })));
    writeFileSync(join(dir, 'card.md'), '# Risk scorer\n\nFor **buyer abuse**.\n');
    const res = await runCli(['register', '--model', model, '--payload', payload, '--config', config, '--inventory', serve.url, '--tag', 'team=risk', '--card', join(dir, 'card.md')], {
      env: { ...env, MODS_WORKFLOW_EXECUTION_ID: 'exec-e2e-1' },
    });
    expect(res.stderr).not.toMatch(/error/);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const arn = /^Workflow execution arn for model registration process: (arn:sagewire:inventory:us-east-1:local:execution\/reg-[0-9a-f-]+)$/.exec(lines[0]!);
    const id = /^Model id for model being registered: (model-[0-9a-f]{12})$/.exec(lines[1]!);
    expect(arn).not.toBeNull();
    expect(id).not.toBeNull();
    registered = { executionArn: arn![1]!, modelId: id![1]! };
    const store = openStore({ root: env.SAGEWIRE_LOCAL_STORE! });
    expect(await store.list('s3://sagewire-tmp/')).toEqual([]);
  }, 300_000); // CLI runs take seconds each under load

  it('lists and fetches the registered model, with the run id and its own artifact copy', async () => {
    const client = new InventoryClient(serve.url);
    const registrationId = registered.executionArn.slice(registered.executionArn.lastIndexOf('/') + 1);
    expect(await client.getRegistration(registrationId)).toMatchObject({ status: 'REGISTERED', modelVersion: 1 });
    const models = await client.listModels({ domain: 'buyer_abuse' });
    expect(models).toEqual([expect.objectContaining({ modelId: registered.modelId, objective: 'risk_scoring', latestVersion: 1 })]);
    expect(await client.listModels({ domain: 'other' })).toEqual([]);
    const model = await client.getModel(registered.modelId);
    expect(model.versions).toHaveLength(1);
    const version = model.versions[0]!;
    expect(version.request.workflow_execution_id).toBe('exec-e2e-1');
    expect(version).toMatchObject({ tags: { team: 'risk' }, modelCard: '# Risk scorer\n\nFor **buyer abuse**.\n', approval: { status: 'PendingManualApproval' } });
    expect(version.request.lineage).toMatchObject({ pipeline_execution_id: 'exec-e2e-1', sagewire_version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    // the registry commands against the served inventory (open: no token file, so the actor is anonymous)
    const approved = await runCli(['inventory', 'approve', registered.modelId, '1', '--reason', 'e2e review', '--inventory', serve.url]);
    expect(approved.code, approved.stderr).toBe(0);
    const aliased = await runCli(['--json', 'inventory', 'alias', registered.modelId, 'champion', '1', '--inventory', serve.url]);
    expect(JSON.parse(aliased.stdout).alias).toMatchObject({ alias: 'champion', version: 1, setBy: 'anonymous' });
    const audit = await client.listAudit({ modelId: registered.modelId });
    expect(audit.entries.map((e) => e.action)).toEqual(['registration', 'approval', 'alias.set']);
    expect(version.payloadUri).not.toBeNull();
    const copy = join(dir, 'inventory', 'artifacts', 'inventory', version.artifactUri.slice('s3://inventory/'.length));
    expect(statSync(copy).size).toBeGreaterThan(0);
  }, 300_000); // CLI runs take seconds each under load

  it('keeps every registration that got a 202 through kill -9 and finishes it after a restart', async () => {
    const dataDir = join(dir, 'crash');
    const first = await startServe(['--data-dir', dataDir], env);
    const store = openStore({ root: env.SAGEWIRE_LOCAL_STORE! });
    await store.putFile('s3://crash-test/model.tar.gz', await writeModelPackage(join(dir, 'crash-model')));
    const client = new InventoryClient(first.url);
    const accepted = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.register({ ...sampleConfig({ model_objective: `crash-${i}` }), model_artifact_uri: 's3://crash-test/model.tar.gz' }),
      ),
    );
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));
    const second = await startServe(['--data-dir', dataDir], env);
    try {
      const again = new InventoryClient(second.url);
      for (const a of accepted) {
        await pollUntil(() => again.getRegistration(a.registrationId), (r) => isTerminal(r.status), (r) => r.status, {
          timeout: 60_000,
          pollInterval: 100,
          what: a.registrationId,
        });
        expect((await again.getRegistration(a.registrationId)).status).toBe('REGISTERED');
      }
      expect((await again.listRegistrations({ limit: 1000 })).length).toBe(20);
    } finally {
      await second.stop();
    }
  });

  it('shows the model on the page in Chromium', async () => {
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    } catch (err) {
      throw new Error(`cannot start ${CHROMIUM} (${(err as Error).message.split('\n')[0]}); install it with: apt-get install chromium`);
    }
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
      const res = await page.goto(serve.url);
      expect(res?.status()).toBe(200);
      expect(await page.title()).toBe('sagewire model inventory');
      const row = page.locator(`#models tr[data-model-id="${registered.modelId}"]`);
      expect(await row.count()).toBe(1);
      expect(await row.innerText()).toMatch(/buyer_abuse\s+risk_scoring\s+v1\s+team-risk/);
      expect(await row.locator('.approval').innerText()).toBe('Approved');
      expect(await row.locator('.aliases').innerText()).toBe('@champion');
      expect(await page.locator(`#version-${registered.modelId}-1 .card strong`).innerText()).toBe('buyer abuse');
      expect(await page.locator('#audit tbody tr').count()).toBe(3);
      const status = page.locator(`#registrations tr[data-registration-id] .status`).first();
      expect(await status.innerText()).toBe('REGISTERED');
      const shots = join(dir, 'screenshots');
      mkdirSync(shots);
      const file = join(shots, 'inventory.png');
      await page.screenshot({ path: file, fullPage: true });
      const png = readFileSync(file);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.readUInt32BE(16)).toBe(1200); // IHDR width
      expect(png.length).toBeGreaterThan(10_000); // a blank page compresses to far less
      if (process.env.SAGEWIRE_KEEP_SCREENSHOT) writeFileSync(process.env.SAGEWIRE_KEEP_SCREENSHOT, png);
    } finally {
      await browser.close();
    }
  });
});
