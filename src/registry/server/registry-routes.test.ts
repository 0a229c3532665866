/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read loosely in these tests */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordStore } from '../records/record-store.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { createApp } from './create-app.js';
import { parseTokenFile } from './tokens.js';

const WRITER = 'writer-token-0123456789';
const READER = 'reader-token-0123456789';
const UNNAMED = 'writer-token-unnamed-0123';
const artifacts = (sha: string) => ({ artifactUri: `s3://inv/m/${sha}/model.tar.gz`, artifactSha256: sha, payloadUri: null, payloadSha256: null });

describe('registry API', () => {
  let records: RecordStore;
  let app: ReturnType<typeof createApp>;
  const call = async (method: string, path: string, body?: unknown, token = WRITER) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  /** POST a registration as the writer and complete it as the workflow would. */
  const register = async (overrides: Parameters<typeof sampleRequest>[0], sha: string) => {
    const res = await call('POST', '/v1/registrations', sampleRequest(overrides));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    records.startValidating(res.body.registrationId);
    const version = records.completeRegistration(res.body.registrationId, artifacts(sha));
    return { modelId: res.body.modelId as string, version };
  };

  beforeEach(() => {
    records = new RecordStore(':memory:');
    const tokens = parseTokenFile(`writer ${WRITER} alice\nreader ${READER} bob\nwriter ${UNNAMED}\n`);
    app = createApp({ records, tokens });
  });
  afterEach(() => records.close());

  it('approval: a reader gets 403, a writer sets it, who is the token name, and bad bodies name the field', async () => {
    const { modelId } = await register({}, 'aa');
    expect((await call('GET', `/v1/models/${modelId}/versions/1/approval`, undefined, READER)).body.approval).toEqual({
      status: 'PendingManualApproval', reason: null, by: null, at: null,
    });
    const denied = await call('PUT', `/v1/models/${modelId}/versions/1/approval`, { status: 'Approved' }, READER);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/writer role/);
    const ok = await call('PUT', `/v1/models/${modelId}/versions/1/approval`, { status: 'Approved', reason: 'AUC 0.91 on holdout' });
    expect(ok.status).toBe(200);
    expect(ok.body.approval).toMatchObject({ status: 'Approved', reason: 'AUC 0.91 on holdout', by: 'token:alice' });
    const other = await call('PUT', `/v1/models/${modelId}/versions/1/approval`, { status: 'Rejected' }, UNNAMED);
    expect(other.body.approval.by).toMatch(/^token:writer:[0-9a-f]{8}$/);
    expect(other.body.approval.by).not.toContain(UNNAMED);
    const bad = await call('PUT', `/v1/models/${modelId}/versions/1/approval`, { status: 'approved', resaon: 'x' });
    expect(bad.status).toBe(400);
    const byPath = Object.fromEntries((bad.body.error.issues as Array<{ path: string; message: string }>).map((i) => [i.path, i.message]));
    expect(byPath.status).toMatch(/Approved, Rejected, PendingManualApproval/);
    expect(byPath.resaon).toMatch(/did you mean "reason"/);
    expect((await call('PUT', `/v1/models/${modelId}/versions/1/approval`, { status: 'Approved', reason: 'r'.repeat(1025) })).status).toBe(400);
    expect((await call('PUT', `/v1/models/${modelId}/versions/9/approval`, { status: 'Approved' })).status).toBe(404);
    expect((await call('PUT', `/v1/models/nope/versions/1/approval`, { status: 'Approved' })).status).toBe(404);
  });

  it('aliases: PUT, GET, move, DELETE; a missing version is 422 and a bad name 400', async () => {
    const { modelId } = await register({}, 'aa');
    await register({}, 'bb');
    expect((await call('PUT', `/v1/models/${modelId}/aliases/champion`, { version: 1 }, READER)).status).toBe(403);
    expect((await call('PUT', `/v1/models/${modelId}/aliases/champion`, { version: 1 })).body).toMatchObject({ alias: 'champion', version: 1, setBy: 'token:alice' });
    expect((await call('PUT', `/v1/models/${modelId}/aliases/champion`, { version: 2 })).body.version).toBe(2);
    expect((await call('GET', `/v1/models/${modelId}/aliases/champion`, undefined, READER)).body).toMatchObject({ version: 2 });
    expect((await call('GET', `/v1/models/${modelId}`, undefined, READER)).body.aliases).toEqual({ champion: 2 });
    const missing = await call('PUT', `/v1/models/${modelId}/aliases/challenger`, { version: 3 });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/has no version 3/);
    for (const bad of ['latest', 'v2', 'a%20b', 'a.b']) {
      const res = await call('PUT', `/v1/models/${modelId}/aliases/${bad}`, { version: 1 });
      expect(res.status, bad).toBe(400);
    }
    expect((await call('PUT', `/v1/models/${modelId}/aliases/x`, { version: '1' })).status).toBe(400);
    expect((await call('DELETE', `/v1/models/${modelId}/aliases/champion`, undefined, READER)).status).toBe(403);
    expect((await call('DELETE', `/v1/models/${modelId}/aliases/champion`)).body.deleted).toMatchObject({ alias: 'champion', version: 2 });
    expect((await call('GET', `/v1/models/${modelId}/aliases/champion`)).status).toBe(404);
    expect((await call('DELETE', `/v1/models/${modelId}/aliases/champion`)).status).toBe(404);
  });

  it('tags on registration and PATCH; search by tag, status and text, combined and bounded', async () => {
    const bad = await call('POST', '/v1/registrations', sampleRequest({ tags: { 'bad key': 'x', ok: 'v\u0000' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['tags.bad key', 'tags.ok']);
    const a = await register({ tags: { team: 'risk', stage: 'dev' } }, 'aa');
    await register({ model_objective: 'fraud', tags: { team: 'risk' } }, 'bb');
    expect((await call('PATCH', `/v1/models/${a.modelId}/versions/1`, { tags: { stage: 'prod' } }, READER)).status).toBe(403);
    const patched = await call('PATCH', `/v1/models/${a.modelId}/versions/1`, { tags: { stage: 'prod', extra: null }, model_card: '# Card' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ tags: { stage: 'prod', team: 'risk' }, modelCard: '# Card' });
    expect((await call('PATCH', `/v1/models/${a.modelId}/versions/1`, {})).status).toBe(400);
    expect((await call('PATCH', `/v1/models/${a.modelId}/versions/1`, { tag: {} })).body.error.issues[0].message).toMatch(/did you mean "tags"/);
    await call('PUT', `/v1/models/${a.modelId}/versions/1/approval`, { status: 'Approved' });
    const search = async (q: string) => {
      const res = await call('GET', `/v1/models?${q}`, undefined, READER);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.versions as Array<{ objective: string; version: number }>).map((v) => `${v.objective}@${v.version}`);
    };
    expect(await search('tag=team:risk')).toEqual(['fraud@1', 'risk_scoring@1']);
    expect(await search('tag=team:risk&tag=stage:prod')).toEqual(['risk_scoring@1']);
    expect(await search('tag=team:risk&status=Approved')).toEqual(['risk_scoring@1']);
    expect(await search('status=PendingManualApproval&q=FRAU')).toEqual(['fraud@1']);
    expect(await search('q=nothing-like-this')).toEqual([]);
    expect(await search('tag=team:risk&limit=1')).toHaveLength(1);
    expect((await call('GET', '/v1/models?tag=team:risk', undefined, READER)).body.models).toHaveLength(2);
    expect((await call('GET', '/v1/models?tag=noseparator')).status).toBe(400);
    expect((await call('GET', '/v1/models?status=Done')).status).toBe(400);
    expect((await call('GET', '/v1/models?limit=100000')).status).toBe(400);
    expect((await call('GET', `/v1/models?${Array.from({ length: 11 }, (_, i) => `tag=k:${i}`).join('&')}`)).status).toBe(400);
    expect((await call('GET', '/v1/models?stauts=Approved')).status).toBe(400);
    expect((await call('GET', '/v1/models')).body).not.toHaveProperty('versions');
  });

  it('GET /v1/audit pages every change with who, what before and after', async () => {
    const { modelId } = await register({ tags: { team: 'risk' } }, 'aa');
    await call('PUT', `/v1/models/${modelId}/versions/1/approval`, { status: 'Approved', reason: 'ok' });
    await call('PUT', `/v1/models/${modelId}/aliases/champion`, { version: 1 });
    await call('PATCH', `/v1/models/${modelId}/versions/1`, { tags: { team: 'fraud' }, model_card: 'hello' });
    await call('DELETE', `/v1/models/${modelId}/aliases/champion`, undefined, UNNAMED);
    const first = await call('GET', '/v1/audit?limit=3', undefined, READER);
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e: { action: string }) => e.action)).toEqual(['registration', 'approval', 'alias.set']);
    expect(first.body.entries.every((e: { actor: string }) => e.actor === 'token:alice')).toBe(true);
    const rest = await call('GET', `/v1/audit?after=${first.body.next}&limit=3`, undefined, READER);
    expect(rest.body.entries.map((e: { action: string; before: unknown; after: unknown }) => [e.action, e.before, e.after])).toEqual([
      ['tags', { team: 'risk' }, { team: 'fraud' }],
      ['card', null, 'hello'],
      ['alias.delete', { version: 1 }, null],
    ]);
    expect(rest.body.entries[2].actor).toMatch(/^token:writer:/);
    expect((await call('GET', `/v1/audit?model=${modelId}&limit=500`)).body).toMatchObject({ next: null });
    expect((await call('GET', '/v1/audit?limit=501')).status).toBe(400);
    expect((await call('POST', '/v1/audit', {})).status).toBe(404);
  });

  it('token file names: a third field names the token; bad names and named ARNs are refused', () => {
    expect(parseTokenFile(`writer ${WRITER} ci-bot`)).toEqual([{ role: 'writer', token: WRITER, name: 'ci-bot' }]);
    expect(() => parseTokenFile(`writer ${WRITER} "bad name"`)).toThrow(/bad line/);
    expect(() => parseTokenFile('writer arn:aws:iam::123456789012:role/Pipeline pipeline')).toThrow(/bad line/);
  });
});
