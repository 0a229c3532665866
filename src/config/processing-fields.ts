/** Derived processing settings of a parsed config (no schema here: see processing-config.ts). */

interface InstanceFields {
  processing_instance_type_small: string;
  processing_instance_type_large: string;
  use_large_processing_instance: boolean;
}

/**
 * The processing instance type: `size` picks one explicitly, otherwise
 * `use_large_processing_instance` decides.
 */
export function getInstanceType(config: InstanceFields, size?: 'small' | 'large'): string {
  const large = size === undefined ? config.use_large_processing_instance : size === 'large';
  return large ? config.processing_instance_type_large : config.processing_instance_type_small;
}

/** `processing_source_dir`, else `source_dir` (undefined when neither is set). */
export function getEffectiveSourceDir(config: { processing_source_dir?: string; source_dir?: string }): string | undefined {
  return config.processing_source_dir ?? config.source_dir;
}
