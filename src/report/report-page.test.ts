/**
 * The report page in headless Chromium: it loads with no console error, shows every step,
 * and a click shows the step's inputs, outputs and log tail. Also checks it is self-contained.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDefinition } from '../local/definition.js';
import { planRun } from '../local/plan.js';
import type { RunSummary } from '../local/run-types.js';
import { graphFromPlan, graphFromSummary } from './graph-model.js';
import { renderHtml } from './html.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const REF = join(__dirname, '..', '..', '..', 'shared', 'reference', 'sdk-examples', 'full.json');

let browser: Browser;
let dir: string;

beforeAll(async () => {
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  } catch (err) {
    throw new Error(`cannot start /usr/bin/chromium (${(err as Error).message}); install it with: apt-get install chromium`);
  }
  dir = await mkdtemp(join(tmpdir(), 'sagewire-report-'));
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

function summary(): RunSummary {
  const step = (name: string, status: RunSummary['steps'][number]['status'], after: string[], extra = {}) => ({
    name,
    type: 'Processing',
    status,
    after,
    durationMs: 1234,
    inputs: [{ name: 'model_input', uri: `s3://b/in/${name}` }],
    outputs: [{ name: 'out', uri: `s3://b/out/${name}` }],
    ...extra,
  });
  return {
    executionId: 'abc123def456',
    executionArn: 'arn:aws:sagemaker:local:000000000000:pipeline/p/execution/abc123def456',
    pipelineName: 'demo <pipeline>',
    status: 'Failed',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 4200,
    parameters: {},
    runDir: '/tmp/x',
    store: '/tmp/store',
    steps: [
      step('DummyTraining', 'cached', []),
      step('Package', 'done', ['DummyTraining'], { logTail: 'packed 3 files </script> ok', result: 'Model id for model being registered: model-1' }),
      step('Payload', 'failed', ['DummyTraining'], { message: 'step Payload: exited with code 1', logPath: '/tmp/x/Payload/log.txt', logTail: 'error [SCRIPT]: boom' }),
      step('Registration', 'skipped', ['Package', 'Payload'], { message: 'not run: Payload failed' }),
    ],
    edges: [
      { from: 'DummyTraining', to: 'Package', kind: 'data' },
      { from: 'DummyTraining', to: 'Payload', kind: 'data' },
      { from: 'Package', to: 'Registration', kind: 'data' },
      { from: 'Payload', to: 'Registration', kind: 'data' },
    ],
  };
}

async function open(html: string, name: string) {
  const file = join(dir, name);
  await writeFile(file, html);
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
  await page.goto(`file://${file}`);
  return { page, errors, requests, file };
}

describe('the report page', () => {
  it('loads with no console error, shows every step coloured by status, and shows a clicked step', async () => {
    const { page, errors, requests } = await open(renderHtml(graphFromSummary(summary())), 'run.html');
    for (const name of ['DummyTraining', 'Package', 'Payload', 'Registration']) {
      await expect(page.locator(`g.step[data-step="${name}"]`).isVisible()).resolves.toBe(true);
    }
    expect(await page.locator('g.step[data-step="Payload"]').getAttribute('data-status')).toBe('failed');
    // the failed step is shown first
    expect(await page.locator('#details h2').textContent()).toBe('Payload');
    expect(await page.locator('#details').textContent()).toContain('error [SCRIPT]: boom');
    await page.locator('g.step[data-step="Package"]').click();
    expect(await page.locator('#details h2').textContent()).toBe('Package');
    const details = (await page.locator('#details').textContent())!;
    expect(details).toContain('s3://b/in/Package');
    expect(details).toContain('s3://b/out/Package');
    expect(details).toContain('packed 3 files </script> ok');
    expect(details).toContain('Model id for model being registered: model-1');
    expect(await page.locator('h1').textContent()).toBe('demo <pipeline>');
    await page.screenshot({ path: join(tmpdir(), 'sagewire-report-screenshot.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('draws a definition that has not run (the SDK example with a Condition)', async () => {
    const plan = planRun(checkDefinition(JSON.parse(readFileSync(REF, 'utf8'))), { strict: false });
    const { page, errors } = await open(renderHtml(graphFromPlan(plan, 'abalone')), 'plan.html');
    expect(await page.locator('g.step').count()).toBe(plan.steps.length);
    expect(await page.locator('path.edge').count()).toBe(plan.edges.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no external URL', () => {
    const html = renderHtml(graphFromSummary(summary()));
    expect(html.match(/(?:src|href)=["']?(?:https?:)?\/\//g)).toBeNull();
    expect(html).not.toContain('</script> ok');
  });
});
