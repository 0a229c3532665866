import { defineContract } from '../../spec/contract.js';

/**
 * Data load: the objects under the config's `data_source_uris` are staged into the input
 * folder (one subfolder per URI) and copied to the output (or handed to the user's script).
 */
export const DATA_LOAD_CONTRACT = defineContract({
  entryPoint: 'data_load.py',
  inputs: { data_source: '/opt/ml/processing/input/data' },
  outputs: { data_output: '/opt/ml/processing/output' },
  requiredEnv: [],
  optionalEnv: { JOB_TYPE: '', OUTPUT_FORMAT: 'CSV' },
  frameworkRequirements: { sh: 'POSIX' },
  description: 'Stages S3 data into the pipeline; a user script in processing_source_dir may convert it',
});
