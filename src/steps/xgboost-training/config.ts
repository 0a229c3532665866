/**
 * XGBoostTrainingConfig: a SageMaker Training job on the XGBoost framework image.
 */
import { z } from 'zod';
import { instanceType, nonEmptyString } from '../../config/fields.js';
import { trainingShape } from '../../config/training-config.js';

export const XGBoostTrainingConfig = z.strictObject({
  ...trainingShape,
  training_instance_type: instanceType().default('ml.m5.4xlarge'),
  framework_version: nonEmptyString().default('1.7-1'),
  py_version: nonEmptyString().default('py3'),
});
export type XGBoostTrainingConfig = z.infer<typeof XGBoostTrainingConfig>;
