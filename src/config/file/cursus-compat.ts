/**
 * What sets a cursus-written config file apart, and what of it sagewire ignores.
 */
import type { ConfigClassTable } from '../registry.js';

/**
 * Fields cursus computes and writes into `specific` (its Tier 3 "derived" fields) plus its
 * serializer's bookkeeping. Never inputs: always dropped when reading a cursus-format file.
 */
export const CURSUS_DERIVED_FIELDS: ReadonlySet<string> = new Set([
  'aws_region',
  'pipeline_name',
  'pipeline_description',
  'pipeline_s3_loc',
  'effective_source_dir',
  'effective_instance_type',
  'script_path',
  'full_script_path',
  'resolved_processing_source_dir',
  'variable_schema',
  'hyperparameter_file',
  '__model_module__',
]);

/** Metadata keys only cursus writes. */
const CURSUS_METADATA_KEYS = ['created_at', 'field_sources'];

/** Decides whether a parsed config document was written by cursus. */
export function looksLikeCursus(classes: ConfigClassTable, input: {
  metadata: Record<string, unknown>;
  classNames: Iterable<string>;
  hadTypeWrappers: boolean;
  specific: Record<string, unknown>;
}): boolean {
  if (input.hadTypeWrappers) return true;
  if (CURSUS_METADATA_KEYS.some((k) => k in input.metadata)) return true;
  for (const name of input.classNames) if (classes.isCursusOnlyName(name)) return true;
  for (const entry of Object.values(input.specific)) {
    if (entry && typeof entry === 'object' && '__model_module__' in entry) return true;
  }
  return false;
}
