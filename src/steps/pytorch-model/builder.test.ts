import { describe, expect, it } from 'vitest';
import { contextFor, rendered } from '../__fixtures__/context.js';
import { pytorchModelStep } from './builder.js';

describe('pytorchModelStep', () => {
  it('requires model data from a dependency or the config, naming the field', () => {
    expect(() => pytorchModelStep.build(contextFor('PytorchModel', {}))).toThrow(/PytorchModel\.model_data: required/);
  });

  it('uses a GPU image for a GPU instance type', () => {
    const ctx = contextFor('PytorchModel', { model_data: 's3://model-bucket/model.tar.gz', inference_instance_type: 'ml.g5.xlarge' });
    const step = rendered(pytorchModelStep.build(ctx).step);
    expect((step.Arguments.PrimaryContainer as { Image: string }).Image).toMatch(/pytorch-inference:2\.1\.0-gpu-py310$/);
  });
});
