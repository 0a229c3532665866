import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InventoryError, NotFoundError } from '../../errors.js';
import { registrationRequestSchema } from '../model/request-schema.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { prepareRegistration, RecordStore } from './record-store.js';

const request = (o: Parameters<typeof sampleRequest>[0] = {}) => registrationRequestSchema.parse(sampleRequest(o));
const artifacts = (sha: string) => ({ artifactUri: `s3://inv/models/m/${sha}/model.tar.gz`, artifactSha256: sha, payloadUri: null, payloadSha256: null });

function registerVersion(store: RecordStore, o: Parameters<typeof sampleRequest>[0], sha: string, by = 'token:ci'): { modelId: string; version: number } {
  const [created] = store.createRegistrations([prepareRegistration(request(o), undefined, by)]);
  if (created instanceof Error) throw created;
  const id = created!.registration.registrationId;
  store.startValidating(id);
  return { modelId: created!.registration.modelId, version: store.completeRegistration(id, artifacts(sha)) };
}

/** The schema a data dir had before the registry features (version 2, as landed before them). */
const VERSION_2_SCHEMA = `
CREATE TABLE registrations (id TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, model_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'VALIDATING', 'REGISTERED', 'FAILED')), reason TEXT, model_version INTEGER,
  idempotency_key TEXT UNIQUE, request_json TEXT NOT NULL, request_sha256 TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE models (id TEXT PRIMARY KEY, domain TEXT NOT NULL, objective TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE model_versions (model_id TEXT NOT NULL REFERENCES models (id), version INTEGER NOT NULL, version_key TEXT NOT NULL,
  artifact_uri TEXT NOT NULL, artifact_sha256 TEXT NOT NULL, payload_uri TEXT, payload_sha256 TEXT, registration_id TEXT NOT NULL,
  request_json TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (model_id, version), UNIQUE (model_id, version_key));
CREATE TABLE model_ids (id TEXT PRIMARY KEY, domain TEXT NOT NULL, objective TEXT NOT NULL, UNIQUE (domain, objective));
PRAGMA user_version = 2;
`;

describe('registry records', () => {
  let store: RecordStore;
  beforeEach(() => (store = new RecordStore(':memory:')));
  afterEach(() => store.close());

  it('starts a version PendingManualApproval with its tags and card, and logs who registered it', () => {
    const { modelId, version } = registerVersion(store, { tags: { team: 'risk', stage: 'dev' }, model_card: '# Risk\nscores buyers' }, 'aa');
    const got = store.getVersion(modelId, version);
    expect(got.approval).toEqual({ status: 'PendingManualApproval', reason: null, by: null, at: null });
    expect(got.tags).toEqual({ stage: 'dev', team: 'risk' });
    expect(got.modelCard).toBe('# Risk\nscores buyers');
    const [entry] = store.registry.listAudit().entries;
    expect(entry).toMatchObject({ seq: 1, actor: 'token:ci', action: 'registration', modelId, version, before: null });
    expect(entry!.after).toMatchObject({ artifactSha256: 'aa', tags: { team: 'risk', stage: 'dev' } });
  });

  it('records approval with who, when and why; the same approval again logs nothing', () => {
    const { modelId, version } = registerVersion(store, {}, 'aa');
    const approval = store.registry.setApproval(modelId, version, 'Approved', 'passed review', 'arn:aws:iam::123456789012:role/Lead');
    expect(approval).toMatchObject({ status: 'Approved', reason: 'passed review', by: 'arn:aws:iam::123456789012:role/Lead' });
    expect(Date.parse(approval.at!)).toBeGreaterThan(Date.now() - 60_000);
    store.registry.setApproval(modelId, version, 'Approved', 'passed review', 'token:other');
    store.registry.setApproval(modelId, version, 'Rejected', 'drift', 'token:other');
    const approvals = store.registry.listAudit().entries.filter((e) => e.action === 'approval');
    expect(approvals.map((e) => [e.actor, e.before, e.after])).toEqual([
      ['arn:aws:iam::123456789012:role/Lead', { status: 'PendingManualApproval', reason: null }, { status: 'Approved', reason: 'passed review' }],
      ['token:other', { status: 'Approved', reason: 'passed review' }, { status: 'Rejected', reason: 'drift' }],
    ]);
    expect(() => store.registry.setApproval(modelId, 9, 'Approved', undefined, 'x')).toThrow(NotFoundError);
  });

  it('sets, moves, reads and deletes aliases; refuses a missing version and names MLflow reserves', () => {
    const a = registerVersion(store, {}, 'aa');
    registerVersion(store, {}, 'bb');
    store.registry.setAlias(a.modelId, 'champion', 1, 'token:a');
    store.registry.setAlias(a.modelId, 'champion', 2, 'token:b');
    expect(store.registry.getAlias(a.modelId, 'champion')).toMatchObject({ version: 2, setBy: 'token:b' });
    expect(store.getModel(a.modelId).aliases).toEqual({ champion: 2 });
    expect(store.getVersion(a.modelId, 2).aliases).toEqual(['champion']);
    expect(() => store.registry.setAlias(a.modelId, 'challenger', 7, 'token:a')).toThrow(/has no version 7/);
    for (const bad of ['latest', 'LATEST', 'v3', 'V12', 'has space', 'a.b', '', 'x'.repeat(256)]) {
      expect(() => store.registry.setAlias(a.modelId, bad, 1, 'token:a'), bad).toThrow(InventoryError);
    }
    expect(store.registry.deleteAlias(a.modelId, 'champion', 'token:c').version).toBe(2);
    expect(() => store.registry.getAlias(a.modelId, 'champion')).toThrow(NotFoundError);
    const log = store.registry.listAudit().entries.filter((e) => e.action.startsWith('alias'));
    expect(log.map((e) => [e.action, e.subject, e.before, e.after])).toEqual([
      ['alias.set', 'champion', null, { version: 1 }],
      ['alias.set', 'champion', { version: 1 }, { version: 2 }],
      ['alias.delete', 'champion', { version: 2 }, null],
    ]);
  });

  it('merges tags (null removes), replaces the card, and searches by tag, status and text together', () => {
    const a = registerVersion(store, { tags: { team: 'risk' } }, 'aa');
    const b = registerVersion(store, { model_objective: 'fraud_detection', tags: { team: 'risk', region: 'eu' } }, 'bb');
    registerVersion(store, { model_objective: 'churn', tags: { team: 'growth' } }, 'cc');
    store.registry.patchVersion(a.modelId, 1, { tags: { stage: 'prod', team: null }, model_card: 'champion card' }, 'token:a');
    expect(store.getVersion(a.modelId, 1)).toMatchObject({ tags: { stage: 'prod' }, modelCard: 'champion card' });
    store.registry.setApproval(b.modelId, 1, 'Approved', undefined, 'token:a');
    const ids = (f: Parameters<typeof store.registry.search>[0]) => store.registry.search(f).map((v) => `${v.objective}@${v.version}`);
    expect(ids({ tags: [['team', 'risk']] })).toEqual(['fraud_detection@1']);
    expect(ids({ tags: [['team', 'risk'], ['region', 'eu']], status: 'Approved' })).toEqual(['fraud_detection@1']);
    expect(ids({ status: 'PendingManualApproval' })).toEqual(['churn@1', 'risk_scoring@1']);
    expect(ids({ q: 'CHAMPION' })).toEqual(['risk_scoring@1']);
    expect(ids({ q: '%' })).toEqual([]);
    expect(ids({ q: 'fraud', status: 'Rejected' })).toEqual([]);
    expect(ids({ limit: 1 })).toHaveLength(1);
    const changes = store.registry.listAudit().entries.filter((e) => e.action === 'tags' || e.action === 'card');
    expect(changes.map((e) => [e.action, e.before, e.after])).toEqual([
      ['tags', { team: 'risk' }, { stage: 'prod' }],
      ['card', null, 'champion card'],
    ]);
    const plan = store.db.prepare("EXPLAIN QUERY PLAN SELECT model_id, version FROM version_tags WHERE key = 'a' AND value = 'b'").all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/version_tags_key_value/);
  });

  it('pages the audit log by seq, and its rows can be neither updated nor deleted', () => {
    for (const sha of ['a1', 'a2', 'a3', 'a4', 'a5']) registerVersion(store, {}, sha);
    const first = store.registry.listAudit({ limit: 2 });
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2]);
    const second = store.registry.listAudit({ after: first.next!, limit: 2 });
    expect(second.entries.map((e) => e.seq)).toEqual([3, 4]);
    const last = store.registry.listAudit({ after: second.next!, limit: 2 });
    expect(last).toMatchObject({ next: null });
    expect(last.entries.map((e) => e.seq)).toEqual([5]);
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'someone-else'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
    expect(() => store.db.prepare("INSERT OR REPLACE INTO audit_log (seq, at, actor, action, model_id) VALUES (1, 'x', 'x', 'tags', 'x')").run()).toThrow(/append-only/);
    expect(store.registry.listAudit().entries[0]!.actor).toBe('token:ci');
  });
});

describe('a data dir from before the registry features', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sagewire-registry-migrate-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens, gains the new columns and tables, keeps its versions, and takes approvals, aliases and tags', () => {
    const file = join(dir, 'inventory.db');
    const old = new Database(file);
    old.exec(VERSION_2_SCHEMA);
    const req = JSON.stringify(request());
    old.prepare("INSERT INTO models VALUES ('model-aaaaaaaaaaaa', 'buyer_abuse', 'risk_scoring', '2026-01-01T00:00:00Z')").run();
    old.prepare("INSERT INTO model_ids VALUES ('model-aaaaaaaaaaaa', 'buyer_abuse', 'risk_scoring')").run();
    old.prepare(
      `INSERT INTO model_versions VALUES ('model-aaaaaaaaaaaa', 1, 'key1', 's3://inv/m/model.tar.gz', 'aa', NULL, NULL, 'reg-1', ?, '2026-01-01T00:00:00Z')`,
    ).run(req);
    old.prepare(
      `INSERT INTO registrations VALUES ('reg-1', 'arn:x', 'model-aaaaaaaaaaaa', 'REGISTERED', NULL, 1, NULL, ?, 'sha', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    ).run(req);
    old.close();

    const store = new RecordStore(file);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(3);
      const v1 = store.getVersion('model-aaaaaaaaaaaa', 1);
      expect(v1).toMatchObject({ artifactSha256: 'aa', approval: { status: 'PendingManualApproval' }, tags: {}, aliases: [], modelCard: null });
      store.registry.setApproval('model-aaaaaaaaaaaa', 1, 'Approved', 'legacy model', 'token:lead');
      store.registry.setAlias('model-aaaaaaaaaaaa', 'champion', 1, 'token:lead');
      store.registry.patchVersion('model-aaaaaaaaaaaa', 1, { tags: { legacy: 'yes' } }, 'token:lead');
      expect(store.registry.search({ tags: [['legacy', 'yes']], status: 'Approved' }).map((v) => v.version)).toEqual([1]);
      expect(store.registry.listAudit().entries.map((e) => e.action)).toEqual(['approval', 'alias.set', 'tags']);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
    // and opening it again (already migrated) changes nothing
    const again = new RecordStore(file);
    try {
      expect(again.getVersion('model-aaaaaaaaaaaa', 1)).toMatchObject({ approval: { status: 'Approved', by: 'token:lead' }, tags: { legacy: 'yes' }, aliases: ['champion'] });
    } finally {
      again.close();
    }
  });
});
