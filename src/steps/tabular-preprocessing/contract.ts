import { defineContract } from '../../spec/contract.js';

/** Tabular preprocessing: the user's Python script splits and formats the data. */
export const TABULAR_PREPROCESSING_CONTRACT = defineContract({
  entryPoint: 'tabular_preprocessing.py',
  inputs: { input_data: '/opt/ml/processing/input/data' },
  outputs: { processed_data: '/opt/ml/processing/output' },
  requiredEnv: [],
  optionalEnv: { LABEL_FIELD: '', TRAIN_RATIO: '0.7', TEST_VAL_RATIO: '0.5', OUTPUT_FORMAT: 'CSV' },
  frameworkRequirements: { python: '>=3.8', pandas: '>=1.0' },
  description: 'Runs the user preprocessing script with --job_type <job_type>; writes splits under the output folder',
});
