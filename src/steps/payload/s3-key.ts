import type { PayloadConfig } from './config.js';

/**
 * The payload archive's key in `bucket`: `sample_payload_s3_key` when set, else
 * `mods/payload/payload_<pipeline_name>_<pipeline_version>[_<objective>].tar.gz` (seed 003).
 */
export function getSamplePayloadS3Key(
  config: Pick<PayloadConfig, 'sample_payload_s3_key' | 'pipeline_version' | 'model_registration_objective'> & { pipeline_name: string },
): string {
  if (config.sample_payload_s3_key) return config.sample_payload_s3_key;
  const objective = config.model_registration_objective ? `_${config.model_registration_objective}` : '';
  return `mods/payload/payload_${config.pipeline_name}_${config.pipeline_version}${objective}.tar.gz`;
}
