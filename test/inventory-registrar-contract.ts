/**
 * The shared test suite every ModelRegistrar passes: register a packaged model from a
 * temporary location, wait for it, and get a new version for new bytes.
 */
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../src/store/index.js';
import type { ModelRegistrar } from '../src/registry/registrars/model-registrar.js';
import { sampleRequest } from './inventory-sample-request.js';

export interface RegistrarFixture {
  registrar: ModelRegistrar;
  /** Where the test uploads its artifacts (as the register script would). */
  store: ObjectStore;
  /** `s3://bucket/prefix` for the uploads. */
  tempPrefix: string;
  /** Two different packaged models. */
  models: [string, string];
  payload: string;
}

export function registrarContract(name: string, setup: () => RegistrarFixture): void {
  describe(`ModelRegistrar contract: ${name}`, () => {
    it('registers a model and reports it REGISTERED with a version', async () => {
      const fx = setup();
      const modelUri = `${fx.tempPrefix}/a/model.tar.gz`;
      const payloadUri = `${fx.tempPrefix}/a/payload.tar.gz`;
      await fx.store.putFile(modelUri, fx.models[0]);
      await fx.store.putFile(payloadUri, fx.payload);
      const started = await fx.registrar.register(sampleRequest({ model_artifact_uri: modelUri, payload_artifact_uri: payloadUri }));
      expect(started.executionArn).toMatch(/^arn:/);
      expect(started.modelId).not.toBe('');
      const outcome = await fx.registrar.waitForDone(started.handle, { timeout: 30_000, pollInterval: 50 });
      expect(outcome).toMatchObject({ status: 'REGISTERED', executionArn: started.executionArn, modelId: started.modelId });
      expect(outcome.modelVersion).toBeGreaterThanOrEqual(1);
    });

    it('gives different bytes of the same domain and objective a later version of the same model', async () => {
      const fx = setup();
      const versions: number[] = [];
      const ids = new Set<string>();
      for (const [i, model] of fx.models.entries()) {
        const uri = `${fx.tempPrefix}/v${i}/model.tar.gz`;
        await fx.store.putFile(uri, model);
        const started = await fx.registrar.register(sampleRequest({ model_objective: 'versioning', model_artifact_uri: uri }));
        const outcome = await fx.registrar.waitForDone(started.handle, { timeout: 30_000, pollInterval: 50 });
        expect(outcome.status).toBe('REGISTERED');
        versions.push(outcome.modelVersion!);
        ids.add(outcome.modelId);
      }
      expect(ids.size).toBe(1);
      expect(versions[1]).toBe(versions[0]! + 1);
    });
  });
}
