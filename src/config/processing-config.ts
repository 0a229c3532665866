/**
 * ProcessingStepConfigBase: BasePipelineConfig plus the processing_* fields of seed 000's table.
 */
import { z } from 'zod';
import { basePipelineShape } from './base-config.js';
import { bool, instanceType, nonEmptyString, pathOrS3Uri, positiveInt, relativeEntryPoint, stringList } from './fields.js';

export const processingShape = {
  ...basePipelineShape,
  /** Script run by the job, relative to `processing_source_dir` (sagewire's own steps default to their bundled script). */
  processing_entry_point: relativeEntryPoint().optional(),
  /**
   * True: `processing_entry_point` is your own script even when it has one of cursus's script
   * names (package.py, payload.py, dummy_training.py, mims_package.py, mims_payload.py), which
   * otherwise get sagewire's own step implementation. It must be in a local `processing_source_dir`.
   */
  processing_entry_point_is_user_script: bool().optional(),
  /** Folder holding the processing script; falls back to `source_dir`. Local path or s3://. */
  processing_source_dir: pathOrS3Uri().optional(),
  /** SKLearn processing container version for user scripts (sagewire's own steps default to 1.2-1). */
  processing_framework_version: nonEmptyString().default('1.0-1'),
  processing_instance_type_small: instanceType().default('ml.m5.2xlarge'),
  processing_instance_type_large: instanceType().default('ml.m5.4xlarge'),
  /** Use `processing_instance_type_large` instead of `_small`. */
  use_large_processing_instance: bool().default(false),
  processing_instance_count: positiveInt(100).default(1),
  /** EBS volume size in GB. */
  processing_volume_size: positiveInt(16384).default(500),
  /** Extra command-line arguments for the processing script. */
  processing_script_arguments: stringList().optional(),
  /**
   * Container image for the job, overriding the SKLearn image of `processing_framework_version`.
   * sagewire's own steps carry their Node runtime: the image needs glibc >= 2.28 and /bin/sh.
   */
  processing_image_uri: nonEmptyString().optional(),
};

export const ProcessingStepConfigBase = z.strictObject(processingShape);
export type ProcessingStepConfigBase = z.infer<typeof ProcessingStepConfigBase>;

// Plain functions of a parsed config, kept zod-free so that builders (and `sagewire steps`) can
// use them without loading the schemas.
export { getEffectiveSourceDir, getInstanceType } from './processing-fields.js';
