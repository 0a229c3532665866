import { defineContract } from '../../spec/contract.js';

/**
 * Packaging (seeds 000/001): model artifacts + local inference scripts (+ optional
 * calibration files) -> one deployable model.tar.gz with the scripts under `code/`.
 */
export const PACKAGE_CONTRACT = defineContract({
  entryPoint: 'package.mjs',
  inputs: {
    /** A model.tar.gz, or loose model files. */
    model_input: '/opt/ml/processing/input/model',
    /** Inference scripts; always the config's local `source_dir`, never a dependency. */
    inference_scripts_input: '/opt/ml/processing/input/script',
    /** Optional calibration files, packed under `calibration/`. */
    calibration_input: '/opt/ml/processing/input/calibration',
  },
  outputs: {
    packaged_model_output: '/opt/ml/processing/output',
  },
  requiredEnv: [],
  optionalEnv: {
    PIPELINE_NAME: '',
    REGION: '',
    MODEL_TYPE: '',
    BUCKET_NAME: '',
    PIPELINE_VERSION: '',
    MODEL_OBJECTIVE: '',
    SAGEWIRE_TRUST_APPEND_INDEX: '',
  },
  frameworkRequirements: { node: '>=20' },
  description: 'Packs model artifacts and inference scripts (under code/) into model.tar.gz',
});
