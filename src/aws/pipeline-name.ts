/**
 * SageMaker pipeline names: 1 to 256 letters, digits and hyphens, starting and ending with a
 * letter or digit (the API's pattern `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$`).
 */
import { UsageError } from '../errors.js';

const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;
export const PIPELINE_NAME_RULE = '1-256 letters, digits and hyphens, starting and ending with a letter or digit';

export function isValidPipelineName(name: string): boolean {
  return NAME.test(name);
}

/**
 * A derived name (from a file name or the compiler's pipeline name) made valid: every run of
 * other characters becomes one hyphen, leading and trailing hyphens go, at most 256 characters.
 * `undefined` when nothing usable is left.
 */
export function sanitizePipelineName(raw: string): string | undefined {
  const cleaned = raw
    .replace(/[^a-zA-Z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 256)
    .replace(/-+$/, '');
  return cleaned === '' ? undefined : cleaned;
}

/**
 * The name to deploy under: `explicit` (checked, never altered: the user typed it), else the
 * first candidate that sanitizes to something.
 */
export function choosePipelineName(explicit: string | undefined, candidates: (string | undefined)[]): string {
  if (explicit !== undefined) {
    if (isValidPipelineName(explicit)) return explicit;
    const suggestion = sanitizePipelineName(explicit);
    throw new UsageError(
      `--name "${explicit}" is not a valid SageMaker pipeline name (${PIPELINE_NAME_RULE})` +
        (suggestion ? `; for example --name ${suggestion}` : ''),
    );
  }
  for (const c of candidates) {
    const name = c === undefined ? undefined : sanitizePipelineName(c);
    if (name) return name;
  }
  throw new UsageError(`cannot derive a pipeline name from ${candidates.filter(Boolean).join(', ') || 'nothing'}: pass --name`);
}
