/**
 * PackageStepConfig (seeds 000/001): packs model artifacts and the local inference scripts
 * into one deployable model.tar.gz.
 */
import { z } from 'zod';
import { nonEmptyString, pathOrS3Uri, relativeEntryPoint } from '../../config/fields.js';
import { processingShape } from '../../config/processing-config.js';
import { PACKAGE_CONTRACT } from './contract.js';

export const PackageStepConfig = z.strictObject({
  ...processingShape,
  /** Defaults to sagewire's bundled packaging script. */
  processing_entry_point: relativeEntryPoint().default(PACKAGE_CONTRACT.entryPoint),
  /** Unset: SKLearn 1.2-1, the oldest image the carried Node runtime starts on (see processingImage). */
  processing_framework_version: nonEmptyString().optional(),
  /**
   * Inference scripts packed under `code/`; falls back to `source_dir`, then to `inference/`
   * under the project root. Always local configuration, never a dependency's output.
   */
  inference_scripts_dir: pathOrS3Uri().optional(),
  /** Optional calibration files, packed under `calibration/`. Local path or s3://. */
  calibration_dir: pathOrS3Uri().optional(),
  /** MODEL_TYPE env var of the job. */
  model_type: nonEmptyString().optional(),
  /** MODEL_OBJECTIVE env var of the job. */
  model_registration_objective: nonEmptyString().optional(),
});
export type PackageStepConfig = z.infer<typeof PackageStepConfig>;
