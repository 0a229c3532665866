import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InventoryError, NotFoundError } from '../../errors.js';
import { modelIdFor } from '../model/ids.js';
import { registrationRequestSchema } from '../model/request-schema.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { prepareRegistration, RecordStore } from './record-store.js';

const request = (o: Parameters<typeof sampleRequest>[0] = {}) => registrationRequestSchema.parse(sampleRequest(o));
const artifacts = (sha: string) => ({ artifactUri: `s3://inv/models/m/${sha}/model.tar.gz`, artifactSha256: sha, payloadUri: null, payloadSha256: null });

describe('RecordStore', () => {
  let store: RecordStore;
  beforeEach(() => (store = new RecordStore(':memory:')));
  afterEach(() => store.close());

  it('records a PENDING registration with an ARN and a model id derived from domain and objective', () => {
    const { registration, created } = store.createRegistration(request());
    expect(created).toBe(true);
    expect(registration.status).toBe('PENDING');
    expect(registration.executionArn).toBe(`arn:sagewire:inventory:us-east-1:local:execution/${registration.registrationId}`);
    expect(registration.modelId).toMatch(/^model-[0-9a-f]{12}$/);
    expect(store.createRegistration(request()).registration.modelId).toBe(registration.modelId);
    expect(store.createRegistration(request({ model_objective: 'other' })).registration.modelId).not.toBe(registration.modelId);
  });

  it('returns the same registration for a repeated idempotency key and refuses the key with another request', () => {
    const first = store.createRegistration(request(), 'key-1');
    const again = store.createRegistration(request(), 'key-1');
    expect(again.created).toBe(false);
    expect(again.registration.registrationId).toBe(first.registration.registrationId);
    expect(() => store.createRegistration(request({ model_owner: 'someone-else' }), 'key-1')).toThrow(InventoryError);
  });

  it('walks PENDING -> VALIDATING -> REGISTERED and creates version 1', () => {
    const id = store.createRegistration(request()).registration.registrationId;
    expect(store.listUnfinished()).toEqual([id]);
    expect(store.startValidating(id)).toBe(true);
    expect(store.completeRegistration(id, artifacts('aa'))).toBe(1);
    const done = store.getRegistration(id);
    expect(done).toMatchObject({ status: 'REGISTERED', modelVersion: 1, reason: null });
    expect(store.listUnfinished()).toEqual([]);
    expect(store.startValidating(id)).toBe(false);
    const model = store.getModel(done.modelId);
    expect(model).toMatchObject({ domain: 'buyer_abuse', objective: 'risk_scoring', latestVersion: 1 });
    expect(model.versions.map((v) => v.artifactSha256)).toEqual(['aa']);
  });

  it('gives the same version to the same artifact digest and request, a new one otherwise', () => {
    const register = (o: Parameters<typeof sampleRequest>[0], sha: string) => {
      const id = store.createRegistration(request(o)).registration.registrationId;
      store.startValidating(id);
      return store.completeRegistration(id, artifacts(sha));
    };
    expect(register({}, 'aa')).toBe(1);
    // a different temporary location and run id do not make a new version
    expect(register({ model_artifact_uri: 's3://b/other/model.tar.gz', workflow_execution_id: 'run-2' }, 'aa')).toBe(1);
    expect(register({}, 'bb')).toBe(2);
    expect(register({ model_owner: 'new-owner' }, 'aa')).toBe(3);
    expect(store.listModels()).toHaveLength(1);
    expect(store.listModels()[0]!.latestVersion).toBe(3);
  });

  it('records a failure with its reason and leaves no model behind', () => {
    const id = store.createRegistration(request()).registration.registrationId;
    store.startValidating(id);
    store.markFailed(id, 'model artifact has no code/inference.py');
    expect(store.getRegistration(id)).toMatchObject({ status: 'FAILED', reason: 'model artifact has no code/inference.py' });
    expect(store.listModels()).toEqual([]);
  });

  it('filters models by domain and objective and throws NotFoundError for unknown ids', () => {
    for (const objective of ['a', 'b']) {
      const id = store.createRegistration(request({ model_objective: objective })).registration.registrationId;
      store.startValidating(id);
      store.completeRegistration(id, artifacts(objective));
    }
    expect(store.listModels({ objective: 'b' }).map((m) => m.objective)).toEqual(['b']);
    expect(store.listModels({ domain: 'nope' })).toEqual([]);
    expect(() => store.getModel('model-000000000000')).toThrow(NotFoundError);
    expect(() => store.getRegistration('reg-x')).toThrow(NotFoundError);
  });
});

describe('RecordStore.createRegistrations (group commit)', () => {
  it('records a batch in one transaction, with per-item idempotency results', () => {
    const store = new RecordStore(':memory:');
    store.createRegistration(request(), 'taken');
    const results = store.createRegistrations([
      prepareRegistration(request(), 'a'),
      prepareRegistration(request(), 'a'),
      prepareRegistration(request({ model_owner: 'other' }), 'taken'),
      prepareRegistration(request()),
    ]);
    expect(results[0]).toMatchObject({ created: true });
    expect(results[1]).toMatchObject({ created: false });
    expect((results[1] as { registration: { registrationId: string } }).registration.registrationId).toBe(
      (results[0] as { registration: { registrationId: string } }).registration.registrationId,
    );
    expect(results[2]).toBeInstanceOf(InventoryError);
    expect(results[3]).toMatchObject({ created: true });
    expect(store.listRegistrations()).toHaveLength(3);
    store.close();
  });
});

describe('RecordStore model ids', () => {
  it('gives two pairs two ids even when the first choice is taken, and keeps each pair on its id', () => {
    const store = new RecordStore(':memory:');
    // another pair already holds the 12-hex id of (d, o): a forced collision
    store.db.prepare('INSERT INTO model_ids (id, domain, objective) VALUES (?, ?, ?)').run(modelIdFor('d', 'o'), 'other', 'pair');
    const first = store.createRegistration(request({ model_domain: 'd', model_objective: 'o' })).registration.modelId;
    expect(first).not.toBe(modelIdFor('d', 'o'));
    expect(first).toBe(modelIdFor('d', 'o', 16));
    expect(store.createRegistration(request({ model_domain: 'd', model_objective: 'o' })).registration.modelId).toBe(first);
    store.close();
  });

  it('rolls back only the failing item of a group commit', () => {
    const store = new RecordStore(':memory:');
    const bad = prepareRegistration(request());
    bad.requestJson = 'x'.repeat(10);
    // a NOT NULL violation inside one item's savepoint
    (bad as { requestSha: string | null }).requestSha = null;
    const results = store.createRegistrations([prepareRegistration(request()), bad, prepareRegistration(request())]);
    expect(results[0]).toMatchObject({ created: true });
    expect(results[1]).toBeInstanceOf(Error);
    expect(results[2]).toMatchObject({ created: true });
    expect(store.listRegistrations()).toHaveLength(2);
    store.close();
  });
});
