/**
 * SageMaker pipeline names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$` (letters, digits and
 * hyphens, starting and ending with a letter or digit, at most 256 characters).
 */
import { ConfigError } from '../errors.js';

export const PIPELINE_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;

/**
 * Any name made into a valid pipeline name: every run of other characters becomes one `-`,
 * leading and trailing hyphens go, at most 256 characters. `undefined` when nothing is left.
 */
export function cleanPipelineName(name: string): string | undefined {
  const cleaned = name
    .replace(/[^a-zA-Z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 256)
    .replace(/-+$/, '');
  return PIPELINE_NAME_PATTERN.test(cleaned) ? cleaned : undefined;
}

/** Turns any name into a valid pipeline name; a name with no letters or digits is a ConfigError. */
export function sanitizePipelineName(name: string): string {
  const cleaned = cleanPipelineName(name);
  if (cleaned === undefined) {
    throw new ConfigError(`pipeline name ${JSON.stringify(name)} has no letters or digits to make a SageMaker pipeline name from`);
  }
  return cleaned;
}
