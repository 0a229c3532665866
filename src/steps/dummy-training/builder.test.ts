import { join } from 'node:path';
import { nodeEntrypoint } from '../../spec/node-entrypoint.js';
import { describe, expect, it } from 'vitest';
import { contextFor, FOUR_STEP_DIR, rendered } from '../__fixtures__/context.js';
import { dummyTrainingStep } from './builder.js';

type Input = { InputName: string; S3Input: { S3Uri: string; LocalPath: string } };

describe('dummyTrainingStep', () => {
  it('keeps an s3:// pretrained model as is and writes hyperparameters.json from the config', () => {
    const ctx = contextFor('DummyTraining', { pretrained_model_path: 's3://models/m/model.tar.gz', hyperparameters: { eta: 0.1 } });
    const step = rendered(dummyTrainingStep.build(ctx).step);
    const inputs = step.Arguments.ProcessingInputs as Input[];
    expect(inputs[0]).toMatchObject({ InputName: 'pretrained_model_path', S3Input: { S3Uri: 's3://models/m/model.tar.gz', LocalPath: '/opt/ml/processing/input/model' } });
    const hp = ctx.assets.manifest().assets.find((a) => a.uri.endsWith('/hyperparameters.json'))!;
    expect(JSON.parse(hp.text!)).toEqual({ eta: 0.1 });
    expect(inputs[1]).toMatchObject({ InputName: 'hyperparameters_path', S3Input: { S3Uri: hp.uri, LocalPath: '/opt/ml/processing/input/config' } });
    expect((step.Arguments.AppSpecification as { ContainerEntrypoint: string[] }).ContainerEntrypoint).toEqual(
      nodeEntrypoint('/opt/ml/processing/input/code/dummy-training.mjs', true),
    );
  });

  it('uploads a local pretrained model like code, under its content hash', () => {
    const ctx = contextFor('DummyTraining', { pretrained_model_path: join(FOUR_STEP_DIR, 'model', 'model.tar.gz') });
    dummyTrainingStep.build(ctx);
    const model = ctx.assets.manifest().assets.find((a) => a.uri.endsWith('/model.tar.gz'))!;
    expect(model.uri).toBe(`s3://test-bucket/test-pipeline/code/${model.sha256}/model.tar.gz`);
    expect(model.file).toBe(join(FOUR_STEP_DIR, 'model', 'model.tar.gz'));
  });

  it('names the field when the local model is missing', () => {
    const ctx = contextFor('DummyTraining', { pretrained_model_path: join(FOUR_STEP_DIR, 'model', 'nope.tar.gz') });
    expect(() => dummyTrainingStep.build(ctx)).toThrow(/DummyTraining\.pretrained_model_path: cannot read .*nope\.tar\.gz \(ENOENT\)/);
  });
});
