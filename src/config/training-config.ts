/**
 * The fields shared by the Training step configs (PyTorch, XGBoost).
 */
import { z } from 'zod';
import { basePipelineShape } from './base-config.js';
import { jsonObject, nonEmptyString, positiveInt, relativeEntryPoint, s3Uri } from './fields.js';

export const trainingShape = {
  ...basePipelineShape,
  /** Training script inside `source_dir`. */
  training_entry_point: relativeEntryPoint(),
  training_instance_count: positiveInt(100).default(1),
  /** EBS volume size in GB. */
  training_volume_size: positiveInt(16384).default(30),
  /** Passed to the job as hyperparameters (and written as hyperparameters.json). */
  hyperparameters: jsonObject().default({}),
  /**
   * cursus's switch: true gives the job no hyperparameters (no channel `config`, none passed);
   * the script reads hyperparams/hyperparameters.json from its own source_dir, as in cursus.
   * Absent: false in a sagewire file, true (cursus's default) in a cursus file.
   */
  skip_hyperparameters_s3_uri: z.boolean().optional(),
  /** Training data when no upstream step provides it. */
  training_input_path: s3Uri().optional(),
  /** Model artifacts destination; defaults to the execution prefix. */
  output_path: s3Uri().optional(),
  /** Container image overriding the framework image. */
  training_image_uri: nonEmptyString().optional(),
};
