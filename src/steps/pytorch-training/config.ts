/**
 * PytorchTrainingConfig: a SageMaker Training job on the PyTorch framework image.
 */
import { z } from 'zod';
import { instanceType, nonEmptyString } from '../../config/fields.js';
import { trainingShape } from '../../config/training-config.js';

export const PytorchTrainingConfig = z.strictObject({
  ...trainingShape,
  training_instance_type: instanceType().default('ml.g5.12xlarge'),
  framework_version: nonEmptyString().default('2.1.0'),
  py_version: nonEmptyString().default('py310'),
});
export type PytorchTrainingConfig = z.infer<typeof PytorchTrainingConfig>;
