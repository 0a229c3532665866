import { describe, expect, it } from 'vitest';
import { contextFor } from '../__fixtures__/context.js';
import { pytorchTrainingStep } from './builder.js';

describe('pytorchTrainingStep', () => {
  it('names the missing data source and the missing source_dir', () => {
    expect(() => pytorchTrainingStep.build(contextFor('PytorchTraining', { training_entry_point: 'train.py' }))).toThrow(
      /PytorchTraining\.training_input_path: required when no upstream step provides training data/,
    );
    expect(() =>
      pytorchTrainingStep.build(contextFor('PytorchTraining', { training_entry_point: 'train.py', training_input_path: 's3://data-bucket/train/' })),
    ).toThrow(/PytorchTraining\.source_dir: required/);
  });
});
