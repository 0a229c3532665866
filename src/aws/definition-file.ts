/**
 * Reads a compiled pipeline definition for deployment. The body sent to SageMaker is the
 * compact JSON of the file (same document, no whitespace), so size limits count real content.
 */
import { createHash } from 'node:crypto';
import { readDefinitionFile } from '../dsl/definition-file.js';

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

/** Reads a definition file (dsl/definition-file.ts) and the body deploy sends for it. */
export async function readDeployDefinition(path: string): Promise<LoadedDefinition> {
  const json = readDefinitionFile(path);
  const body = JSON.stringify(json);
  const buf = Buffer.from(body, 'utf8');
  return {
    path,
    json,
    body,
    bytes: buf.length,
    sha256: createHash('sha256').update(buf).digest('hex'),
  };
}
