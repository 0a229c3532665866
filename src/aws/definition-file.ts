/**
 * Reads a compiled pipeline definition for deployment. The body sent to SageMaker is the
 * compact JSON of the file (same document, no whitespace), so size limits count real content.
 */
import { createHash } from 'node:crypto';
import { isMissing, readRegularFileSync } from '../fs/input-file.js';
import { MAX_JSON_INPUT_BYTES, parseJsonInput } from '../fs/json-input.js';
import { DefinitionError, NotFoundError } from '../errors.js';

export interface LoadedDefinition {
  path: string;
  /** The parsed document. */
  json: Record<string, unknown>;
  /** What is sent to SageMaker: `JSON.stringify(json)`. */
  body: string;
  /** UTF-8 length of `body`. */
  bytes: number;
  /** sha256 (hex) of `body`; names the S3 object when the body goes through S3. */
  sha256: string;
}

export async function loadDefinition(path: string): Promise<LoadedDefinition> {
  const read = readRegularFileSync(path, MAX_JSON_INPUT_BYTES);
  if (!read.ok && isMissing(read)) {
    throw new NotFoundError(`${path}: no such pipeline definition (compile one with \`sagewire compile --out ${path}\`)`);
  }
  if (!read.ok) throw new DefinitionError(`${path}: cannot read the pipeline definition (${read.reason})`);
  const parsed = parseJsonInput(read.bytes.toString('utf8'));
  if (!parsed.ok) throw new DefinitionError(`${path}: ${parsed.message}`, parsed.issues);
  const json = parsed.value;
  const doc = json as { Version?: unknown; Steps?: unknown };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DefinitionError(`${path}: a pipeline definition is a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  }
  if (typeof doc.Version !== 'string' || !Array.isArray(doc.Steps)) {
    throw new DefinitionError(
      `${path}: not a SageMaker pipeline definition (needs "Version" and a "Steps" array; got keys ${Object.keys(doc).join(', ') || 'none'})`,
    );
  }
  const body = JSON.stringify(json);
  const buf = Buffer.from(body, 'utf8');
  return {
    path,
    json: json as Record<string, unknown>,
    body,
    bytes: buf.length,
    sha256: createHash('sha256').update(buf).digest('hex'),
  };
}
