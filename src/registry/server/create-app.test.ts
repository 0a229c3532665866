import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { RecordStore } from '../records/record-store.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { createApp } from './create-app.js';

const WRITER = 'writer-token-0123456789';
const READER = 'reader-token-0123456789';

function post(app: ReturnType<typeof createApp>, body: unknown, headers: Record<string, string> = {}) {
  return app.request('/v1/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('inventory app', () => {
  let records: RecordStore;
  let accepted: string[];
  beforeEach(() => {
    records = new RecordStore(':memory:');
    accepted = [];
  });
  afterEach(() => records.close());

  it('accepts a registration with 202 and reports it PENDING', async () => {
    const app = createApp({ records, onAccepted: (id) => accepted.push(id) });
    const res = await post(app, sampleRequest());
    expect(res.status).toBe(202);
    const body = (await res.json()) as { registrationId: string; executionArn: string; modelId: string; status: string };
    expect(body.status).toBe('PENDING');
    expect(body.executionArn).toContain(body.registrationId);
    expect(accepted).toEqual([body.registrationId]);
    const got = await app.request(`/v1/registrations/${body.registrationId}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ status: 'PENDING', modelId: body.modelId });
  });

  it('accepts both variable list forms and keeps the list order', async () => {
    const app = createApp({ records });
    const res = await post(app, sampleRequest({ source_model_inference_input_variable_list: { b: 'TEXT', a: 'NUMERIC' } }));
    const { registrationId } = (await res.json()) as { registrationId: string };
    expect(records.getRegistration(registrationId).request.source_model_inference_input_variable_list).toEqual([
      ['b', 'TEXT'],
      ['a', 'NUMERIC'],
    ]);
  });

  it('answers 400 listing every missing and every bad field', async () => {
    const app = createApp({ records });
    const res = await post(app, { model_domain: 'd', source_model_inference_input_variable_list: { a: 'FLOAT' }, model_artifact_uri: '/tmp/x' });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { issues: Array<{ path: string; message: string }> } };
    const byPath = Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
    for (const field of ['model_objective', 'source_model_inference_content_types', 'source_model_inference_response_types', 'source_model_inference_output_variable_list', 'model_registration_region', 'model_owner', 'source_model_inference_image_arn']) {
      expect(byPath[field], field).toBe('is required');
    }
    expect(byPath.source_model_inference_input_variable_list).toMatch(/NUMERIC/);
    expect(byPath.model_artifact_uri).toMatch(/s3:\/\//);
    expect(records.listRegistrations()).toEqual([]);
  });

  it('answers 400 for malformed JSON and 413 for a body over the limit', async () => {
    const app = createApp({ records, maxBodyBytes: 2048 });
    const bad = await post(app, '{"model_domain": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/malformed JSON/);
    const big = await post(app, sampleRequest({ performance_metadata: { blob: 'x'.repeat(5000) } }));
    expect(big.status).toBe(413);
    expect(records.listRegistrations()).toEqual([]);
  });

  it('honours Idempotency-Key: same key and body -> same registration; other body -> 409', async () => {
    const app = createApp({ records, onAccepted: (id) => accepted.push(id) });
    const first = (await (await post(app, sampleRequest(), { 'Idempotency-Key': 'k1' })).json()) as { registrationId: string };
    const againRes = await post(app, sampleRequest(), { 'Idempotency-Key': 'k1' });
    expect(againRes.status).toBe(202);
    expect(againRes.headers.get('idempotent-replayed')).toBe('true');
    expect(((await againRes.json()) as { registrationId: string }).registrationId).toBe(first.registrationId);
    expect(accepted).toHaveLength(1);
    const conflict = await post(app, sampleRequest({ model_owner: 'x' }), { 'Idempotency-Key': 'k1' });
    expect(conflict.status).toBe(409);
  });

  it('with tokens: 401 without a token, 403 for a reader writing, reads for both roles', async () => {
    const app = createApp({ records, tokens: [{ role: 'writer', token: WRITER }, { role: 'reader', token: READER }] });
    expect((await post(app, sampleRequest())).status).toBe(401);
    expect((await post(app, sampleRequest(), { authorization: 'Bearer wrong-token-000000000' })).status).toBe(401);
    expect((await post(app, sampleRequest(), { authorization: `Bearer ${READER}` })).status).toBe(403);
    expect((await post(app, sampleRequest(), { authorization: `Bearer ${WRITER}` })).status).toBe(202);
    expect((await app.request('/v1/models')).status).toBe(401);
    expect((await app.request('/v1/models', { headers: { authorization: `Bearer ${READER}` } })).status).toBe(200);
    expect((await app.request('/', { headers: { authorization: `Bearer ${READER}` } })).status).toBe(200);
  });

  it('answers 404 with a message for unknown registrations, models and routes', async () => {
    const app = createApp({ records });
    const res = await app.request('/v1/registrations/reg-nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/reg-nope/);
    expect((await app.request('/v1/models/model-nope')).status).toBe(404);
    expect((await app.request('/v2/anything')).status).toBe(404);
  });

  it('renders the page with registrations and escapes what callers sent', async () => {
    const app = createApp({ records });
    await post(app, sampleRequest({ model_domain: '<script>alert(1)</script>' }));
    const html = await (await app.request('/')).text();
    expect(html).toContain('<h1>sagewire model inventory</h1>');
    expect(html).toContain('PENDING');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('refuses a deeply nested body alone: the good registrations sent with it are all recorded', async () => {
    const app = createApp({ records, onAccepted: (id) => accepted.push(id) });
    const deep = `{"performance_metadata": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const deepMetadata = sampleRequest({ performance_metadata: JSON.parse(`${'{"a":'.repeat(12)}1${'}'.repeat(12)}`) });
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all([
        post(app, sampleRequest({ performance_metadata: { round, i: 0 } })),
        post(app, deep),
        post(app, sampleRequest({ performance_metadata: { round, i: 1 } })),
        post(app, deepMetadata),
        post(app, sampleRequest({ performance_metadata: { round, i: 2 } })),
      ]);
      expect(answers.map((a) => a.status)).toEqual([202, 400, 202, 400, 202]);
      expect(((await answers[1]!.json()) as { error: { message: string } }).error.message).toMatch(/nested 5001 levels deep; at most 16/);
      const { error } = (await answers[3]!.json()) as { error: { issues: Array<{ path: string; message: string }> } };
      expect(error.issues).toEqual([{ path: 'performance_metadata', message: 'nested 12 deep; at most 8 levels' }]);
    }
    expect(records.listRegistrations()).toHaveLength(12);
    expect(accepted).toHaveLength(12);
  });

  it('refuses control characters in every identifier, so two pairs can never share a model id', async () => {
    const app = createApp({ records });
    const cases: Array<[string, Record<string, unknown>]> = [
      ['model_domain', { model_domain: 'a\u0000b' }],
      ['model_objective', { model_objective: 'x\ny' }],
      ['model_owner', { model_owner: 'o\u007f' }],
      ['source_model_inference_content_types.0', { source_model_inference_content_types: ['text/csv\r'] }],
      ['source_model_inference_input_variable_list.0.0', { source_model_inference_input_variable_list: [['a\u0085', 'TEXT']] }],
      ['model_registration_region', { model_registration_region: 'us-east-1\t' }],
    ];
    for (const [path, override] of cases) {
      const res = await post(app, sampleRequest(override));
      expect(res.status, path).toBe(400);
      const { error } = (await res.json()) as { error: { issues: Array<{ path: string; message: string }> } };
      expect(error.issues, path).toContainEqual({ path, message: 'must not contain control characters' });
    }
    expect(records.listRegistrations()).toEqual([]);
  });

  it('refuses unknown fields, naming each one with the closest known field', async () => {
    const app = createApp({ records });
    const res = await post(app, { ...sampleRequest(), model_ownr: 'x', performance_metadat: {}, zzzzzzzz: 1 });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { issues: Array<{ path: string; message: string }> } };
    expect(error.issues).toEqual([
      { path: 'model_ownr', message: 'unknown field; did you mean "model_owner"?' },
      { path: 'performance_metadat', message: 'unknown field; did you mean "performance_metadata"?' },
      { path: 'zzzzzzzz', message: 'unknown field' },
    ]);
    expect(records.listRegistrations()).toEqual([]);
  });

  it('bounds field lengths and list sizes', async () => {
    const app = createApp({ records });
    const res = await post(app, sampleRequest({ model_domain: 'd'.repeat(257), source_model_inference_content_types: Array.from({ length: 1001 }, (_, i) => `t/${i}`) }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { issues: Array<{ path: string; message: string }> } };
    expect(error.issues.map((i) => i.path).sort()).toEqual(['model_domain', 'source_model_inference_content_types']);
    expect(error.issues.find((i) => i.path === 'model_domain')!.message).toBe('must be at most 256 characters');
  });

  it('serves the page with a Content-Security-Policy that allows only its own stylesheet', async () => {
    const app = createApp({ records });
    const res = await app.request('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses an upload over its own limit with 413 and keeps nothing; JSON bodies keep theirs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sagewire-upload-limit-'));
    try {
      const artifactStore = { store: openStore({ root: join(folder, 'artifacts') }), prefix: 's3://inventory' };
      const app = createApp({ records, maxBodyBytes: 2048, uploads: { artifactStore, workDir: join(folder, 'work'), maxBytes: 4096 } });
      const big = await app.request('/v1/artifacts', { method: 'POST', body: 'x'.repeat(5000) });
      expect(big.status).toBe(413);
      const fits = await app.request('/v1/artifacts', { method: 'POST', body: 'x'.repeat(3000) });
      expect(fits.status).toBe(201);
      expect(await artifactStore.store.list('s3://inventory/')).toHaveLength(1);
      expect(readdirSync(join(folder, 'work'))).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
