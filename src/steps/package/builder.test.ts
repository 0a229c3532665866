import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEntrypoint } from '../../spec/node-entrypoint.js';
import { describe, expect, it } from 'vitest';
import { stepProperty } from '../../dsl/expressions.js';
import { contextFor, FOUR_STEP_DIR, rendered } from '../__fixtures__/context.js';
import { stepDefinition, type StepType } from '../catalog.js';
import { dummyTrainingStep } from '../dummy-training/builder.js';
import { defineStep } from '../kit/define-step.js';
import { packageStep } from './builder.js';

type Input = { InputName: string; S3Input: { S3Uri: unknown } };
const MODEL = stepProperty('DummyTraining', "ProcessingOutputConfig.Outputs['model_output'].S3Output.S3Uri");

describe('packageStep', () => {
  it("trusts the model's append index only when its producer's step type declares writesOwnArchive", () => {
    const env = (definitions: Record<string, unknown>) => {
      const ctx = { ...contextFor('Package', {}, { model_input: MODEL }), inputProducers: { model_input: 'Train' }, definitions } as Parameters<typeof packageStep.build>[0];
      return rendered(packageStep.build(ctx).step).Arguments.Environment as Record<string, string>;
    };
    expect(dummyTrainingStep.writesOwnArchive).toBe(true);
    expect(env({ Train: dummyTrainingStep }).SAGEWIRE_TRUST_APPEND_INDEX).toBe('1');
    // a user's own training step (its job writes its own archive) says nothing: read in full
    const own = defineStep({ ...dummyTrainingStep, stepType: 'MyTraining', spec: { ...dummyTrainingStep.spec, stepType: 'MyTraining' }, writesOwnArchive: undefined });
    expect(env({ Train: own }).SAGEWIRE_TRUST_APPEND_INDEX).toBeUndefined();
    expect(env({}).SAGEWIRE_TRUST_APPEND_INDEX).toBeUndefined();
  });

  it('takes inference scripts from <project_root>/inference when no folder is configured, and sets the env of seed 001', () => {
    const ctx = contextFor('Package', { model_type: 'xgboost' }, { model_input: MODEL });
    const step = rendered(packageStep.build(ctx).step);
    const inputs = step.Arguments.ProcessingInputs as Input[];
    expect(inputs.map((i) => i.InputName)).toEqual(['model_input', 'inference_scripts_input', 'code', 'runtime']);
    const scripts = ctx.assets.manifest().assets.find((a) => a.uri.endsWith('/inference.py'))!;
    expect(scripts.file).toBe(join(FOUR_STEP_DIR, 'inference', 'inference.py'));
    expect(inputs[1]!.S3Input.S3Uri).toBe(scripts.uri.replace(/\/inference\.py$/, ''));
    expect(step.Arguments.Environment).toEqual({
      BUCKET_NAME: 'test-bucket',
      MODEL_TYPE: 'xgboost',
      PIPELINE_NAME: 'test-pipeline',
      PIPELINE_VERSION: '1.0.0',
      REGION: 'NA',
    });
  });

  it('stages a local calibration folder when configured', () => {
    const ctx = contextFor('Package', { calibration_dir: join(FOUR_STEP_DIR, 'model') }, { model_input: MODEL });
    const inputs = rendered(packageStep.build(ctx).step).Arguments.ProcessingInputs as Input[];
    expect(inputs.map((i) => i.InputName)).toEqual(['model_input', 'inference_scripts_input', 'calibration_input', 'code', 'runtime']);
  });

  it('gives the same folder prefix for the same content, wherever the folder is', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'sagewire-inference-')), 'scripts');
    cpSync(join(FOUR_STEP_DIR, 'inference'), copy, { recursive: true });
    const a = contextFor('Package', {}, { model_input: MODEL });
    const b = contextFor('Package', { inference_scripts_dir: copy }, { model_input: MODEL });
    const uriOf = (ctx: typeof a) => (rendered(packageStep.build(ctx).step).Arguments.ProcessingInputs as Input[])[1]!.S3Input.S3Uri;
    expect(uriOf(a)).toBe(uriOf(b));
  });
});

describe('packageStep script choice', () => {
  it('runs the bundle unless another entry point is named, even with a processing_source_dir', () => {
    const entry = (fields: Record<string, unknown>) =>
      (rendered(packageStep.build(contextFor('Package', fields, { model_input: MODEL })).step).Arguments.AppSpecification as { ContainerEntrypoint: string[] })
        .ContainerEntrypoint;
    expect(entry({ processing_source_dir: join(FOUR_STEP_DIR, 'inference') })).toEqual(nodeEntrypoint('/opt/ml/processing/input/code/package.mjs', true));
    expect(entry({ processing_source_dir: join(FOUR_STEP_DIR, 'inference'), processing_entry_point: 'inference.py' })).toEqual([
      'python3',
      '/opt/ml/processing/input/code/inference.py',
    ]);
  });

  it('trusts the append index of its model input only when a step whose archive sagewire writes produced it', () => {
    const env = (producerType: string | undefined) => {
      const ctx = contextFor('Package', {}, { model_input: MODEL });
      if (producerType !== undefined) {
        ctx.inputProducers = { model_input: 'Upstream' };
        ctx.configs = { Upstream: { className: 'X', stepType: producerType, config: ctx.config } };
        ctx.definitions = { Upstream: stepDefinition(producerType as StepType) };
      }
      const step = rendered(packageStep.build(ctx).step);
      return step.Arguments.Environment as Record<string, string>;
    };
    expect(env('DummyTraining').SAGEWIRE_TRUST_APPEND_INDEX).toBe('1');
    expect(env('Package').SAGEWIRE_TRUST_APPEND_INDEX).toBe('1');
    // A user's training job writes its own archive: it could forge the index, so it is read in full.
    expect(env('XGBoostTraining')).not.toHaveProperty('SAGEWIRE_TRUST_APPEND_INDEX');
    expect(env('PytorchModel')).not.toHaveProperty('SAGEWIRE_TRUST_APPEND_INDEX');
    expect(env(undefined)).not.toHaveProperty('SAGEWIRE_TRUST_APPEND_INDEX');
  });
});
