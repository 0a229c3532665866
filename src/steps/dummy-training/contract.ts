import { defineContract } from '../../spec/contract.js';

/**
 * Dummy training (seed 004): a pretrained model.tar.gz plus hyperparameters.json ->
 * model.tar.gz with hyperparameters.json at its root.
 */
export const DUMMY_TRAINING_CONTRACT = defineContract({
  entryPoint: 'dummy-training.mjs',
  inputs: {
    /** A file path: the S3 input is staged into its folder. */
    pretrained_model_path: '/opt/ml/processing/input/model/model.tar.gz',
    /** A file path, written from the config's `hyperparameters` at compile time. */
    hyperparameters_path: '/opt/ml/processing/input/config/hyperparameters.json',
  },
  outputs: {
    model_output: '/opt/ml/processing/output/model',
  },
  requiredEnv: [],
  optionalEnv: {},
  frameworkRequirements: { node: '>=20' },
  description: 'Injects hyperparameters.json into a pretrained model.tar.gz',
});
