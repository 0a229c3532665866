/**
 * SageMaker pipeline names: 1 to 256 letters, digits and hyphens, starting and ending with a
 * letter or digit (the API's pattern `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$`).
 */
import { cleanPipelineName, PIPELINE_NAME_PATTERN } from '../compile/pipeline-name.js';
import { UsageError } from '../errors.js';

export const PIPELINE_NAME_RULE = '1-256 letters, digits and hyphens, starting and ending with a letter or digit';

export function isValidPipelineName(name: string): boolean {
  return PIPELINE_NAME_PATTERN.test(name);
}

/** A derived name (from a file name or the compiler's pipeline name) made valid; undefined when nothing usable is left. */
export const sanitizePipelineName = cleanPipelineName;

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
