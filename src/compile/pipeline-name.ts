/**
 * SageMaker pipeline names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$` (letters, digits and
 * hyphens, starting and ending with a letter or digit, at most 256 characters).
 */
import { ConfigError } from '../errors.js';

export const PIPELINE_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;

/** Turns any name into a valid pipeline name: other characters become `-`, ends trimmed. */
export function sanitizePipelineName(name: string): string {
  const cleaned = name
    .replace(/[^a-zA-Z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 256)
    .replace(/-+$/, '');
  if (!PIPELINE_NAME_PATTERN.test(cleaned)) {
    throw new ConfigError(`pipeline name ${JSON.stringify(name)} has no letters or digits to make a SageMaker pipeline name from`);
  }
  return cleaned;
}
