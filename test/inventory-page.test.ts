/**
 * The inventory page in Chromium (Debian's /usr/bin/chromium through playwright-core): approval
 * state, aliases, tags, the model card (rendered, and its escaped source), lineage, metrics
 * and the audit log are visible; an XSS attempt through the card, a tag and an approval reason
 * shows as text and runs nothing; the CSP stays and nothing on the page breaks it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationRequestSchema } from '../src/registry/model/request-schema.js';
import { prepareRegistration, RecordStore } from '../src/registry/records/record-store.js';
import { createApp } from '../src/registry/server/create-app.js';
import { sampleRequest } from './inventory-sample-request.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const XSS_TAG = '<img src=x onerror="window.__xss=\'tag\'">';
const XSS_REASON = '"><script>window.__xss="reason"</script><svg onload="window.__xss=\'svg\'">';
const CARD = [
  '# Risk scorer',
  '',
  'Scores **buyers** for abuse. See [the runbook](https://runbooks.example/risk).',
  '',
  '- trained on 2026-Q3',
  '- `xgboost` 1.7',
  '',
  '<script>window.__xss="card"</script>',
  '<iframe src="javascript:window.top.__xss=\'iframe\'"></iframe>',
  '[click me](javascript:window.__xss="link")',
].join('\n');

let dir: string;
let records: RecordStore;
let server: ServerType;
let url: string;
let browser: Browser;
let page: Page;
let modelId: string;
const dialogs: string[] = [];
const consoleErrors: string[] = [];

function seed(sha: string, overrides: Parameters<typeof sampleRequest>[0]): void {
  const [made] = records.createRegistrations([prepareRegistration(registrationRequestSchema.parse(sampleRequest(overrides)), undefined, 'token:pipeline')]);
  if (made instanceof Error) throw made;
  records.startValidating(made!.registration.registrationId);
  records.completeRegistration(made!.registration.registrationId, { artifactUri: `s3://inv/${sha}`, artifactSha256: sha.repeat(32), payloadUri: null, payloadSha256: null });
  modelId = made!.registration.modelId;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-inventory-page-'));
  records = new RecordStore(join(dir, 'inventory.db'));
  seed('aa', {
    tags: { team: 'risk', xss: XSS_TAG },
    model_card: CARD,
    performance_metadata: { auc: 0.91 },
    lineage: { pipeline_name: 'risk-pipeline', pipeline_execution_id: 'exec-42', step_name: 'Registration', source_data_uris: ['s3://data/train.csv'], sagewire_version: '0.1.0' },
  });
  seed('bb', {});
  records.registry.setApproval(modelId, 1, 'Approved', XSS_REASON, 'token:lead');
  records.registry.setApproval(modelId, 2, 'Rejected', 'drift on holdout', 'arn:aws:iam::123456789012:role/Reviewer');
  records.registry.setAlias(modelId, 'champion', 1, 'token:lead');
  records.registry.patchVersion(modelId, 2, { tags: { stage: 'canary' } }, 'token:lead');
  const app = createApp({ records });
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info));
  });
  url = `http://127.0.0.1:${address.port}/`;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new Error(`cannot start ${CHROMIUM} (${(err as Error).message.split('\n')[0]}); install it with: apt-get install chromium`);
  }
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const res = await page.goto(url);
  expect(res?.status()).toBe(200);
  expect(res?.headers()['content-security-policy']).toMatch(/default-src 'none'/);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  records?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory page (Chromium)', () => {
  it('shows approval, aliases and tags in the versions table', async () => {
    const v1 = page.locator(`#models tr[data-model-id="${modelId}"][data-version="1"]`);
    const v2 = page.locator(`#models tr[data-model-id="${modelId}"][data-version="2"]`);
    expect(await v1.locator('.approval').innerText()).toBe('Approved');
    expect(await v2.locator('.approval').innerText()).toBe('Rejected');
    expect(await v1.locator('.aliases').innerText()).toBe('@champion');
    expect(await v2.locator('.aliases').innerText()).toBe('');
    expect(await v1.locator('.tag[data-key="team"]').innerText()).toBe('team=risk');
    expect(await v2.locator('.tag[data-key="stage"]').innerText()).toBe('stage=canary');
  });

  it('shows each version in detail: who approved and why, lineage, metrics, the card rendered and its source', async () => {
    const v1 = page.locator(`#version-${modelId}-1`);
    expect(await v1.locator('.approval-by').innerText()).toBe('token:lead');
    expect(await v1.locator('.approval-reason').innerText()).toBe(XSS_REASON);
    expect(await page.locator(`#version-${modelId}-2 .approval-by`).innerText()).toBe('arn:aws:iam::123456789012:role/Reviewer');
    expect(await v1.locator('dd[data-field="pipeline_name"]').innerText()).toBe('risk-pipeline');
    expect(await v1.locator('dd[data-field="pipeline_execution_id"]').innerText()).toBe('exec-42');
    expect(await v1.locator('dd[data-field="source_data_uris"]').innerText()).toBe('s3://data/train.csv');
    expect(JSON.parse(await v1.locator('.metrics').innerText())).toEqual({ auc: 0.91 });
    const card = v1.locator('.card');
    expect(await card.locator('h3').innerText()).toBe('Risk scorer');
    expect(await card.locator('strong').innerText()).toBe('buyers');
    expect(await card.locator('li').allInnerTexts()).toEqual(['trained on 2026-Q3', 'xgboost 1.7']);
    expect(await card.locator('a').count()).toBe(1);
    expect(await card.locator('a').getAttribute('href')).toBe('https://runbooks.example/risk');
    expect(await v1.locator('.card-source').textContent()).toBe(CARD);
    expect(await page.locator(`#version-${modelId}-2 .card`).count()).toBe(0);
  });

  it('shows the audit log newest first with who, what, before and after', async () => {
    const rows = page.locator('#audit tbody tr');
    const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    expect(actions).toEqual(['tags', 'alias.set', 'approval', 'approval', 'registration', 'registration']);
    const tagsRow = rows.first();
    expect(await tagsRow.innerText()).toMatch(/token:lead\s+tags/);
    expect(await tagsRow.locator('.before').innerText()).toBe('{}');
    expect(await tagsRow.locator('.after').innerText()).toBe('{"stage":"canary"}');
    expect(await page.locator('#audit tr[data-action="alias.set"]').innerText()).toMatch(/@champion/);
  });

  it('runs nothing from the card, a tag or a reason: they show as text, no script, handler or javascript: link exists', async () => {
    // page-side code as text: this project's TypeScript has no DOM types
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    expect(dialogs).toEqual([]);
    const found = (await page.evaluate(`({
      active: document.querySelectorAll('script, iframe, img, svg, object, embed, form, base, meta[http-equiv]').length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => el.tagName + '.' + a.name)),
      jsLinks: [...document.querySelectorAll('a')].filter((a) => !/^https?:/.test(a.getAttribute('href') ?? '')).length,
      text: document.body.innerText,
    })`)) as { active: number; handlers: string[]; jsLinks: number; text: string };
    expect(found.active).toBe(0);
    expect(found.handlers).toEqual([]);
    expect(found.jsLinks).toBe(0);
    expect(found.text).toContain(XSS_TAG);
    expect(found.text).toContain('<script>window.__xss="card"</script>');
    expect(found.text).toContain('[click me](javascript:window.__xss="link")');
    // the page's own stylesheet still matches its CSP hash (a mismatch is a console error)
    expect(consoleErrors).toEqual([]);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.status-Approved')).backgroundColor`)).toBe('rgb(217, 242, 225)');
  });
});
