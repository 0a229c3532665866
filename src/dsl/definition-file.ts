/**
 * Reading a pipeline definition file (what `compile` writes and SageMaker runs): the one reader
 * behind `run`, `graph` and `deploy`. The file is read as untrusted JSON (fs/json-input.ts) and
 * must have the outer shape SageMaker requires, a `Version` string and a `Steps` array; what
 * each command needs beyond that (the runner's step checks, deploy's body) it checks itself.
 */
import { DefinitionError, NotFoundError } from '../errors.js';
import { readJsonFileSync } from '../fs/json-input.js';

/** A definition's outer shape; everything below `Steps` is still unchecked JSON. */
export interface DefinitionDocument {
  Version: string;
  Steps: unknown[];
  [key: string]: unknown;
}

export function readDefinitionFile(path: string): DefinitionDocument {
  const json = readJsonFileSync(path, {
    what: 'the pipeline definition',
    fail: (message, issues) => new DefinitionError(message, issues),
    missing: () => new NotFoundError(`${path}: no such pipeline definition (compile one with \`sagewire compile --out ${path}\`)`),
  });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DefinitionError(`${path}: a pipeline definition is a JSON object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const doc = json as { Version?: unknown; Steps?: unknown };
  if (typeof doc.Version !== 'string' || !Array.isArray(doc.Steps)) {
    throw new DefinitionError(
      `${path}: not a SageMaker pipeline definition (needs "Version" and a "Steps" array; got keys ${Object.keys(doc).join(', ') || 'none'})`,
    );
  }
  return json as DefinitionDocument;
}
