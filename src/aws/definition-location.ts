/**
 * Where a definition goes on CreatePipeline/UpdatePipeline: inline below 100 KiB, otherwise
 * an S3 object SageMaker reads (`PipelineDefinitionS3Location`), as the Python SDK does.
 */
import type { PipelineDefinitionS3Location } from '@aws-sdk/client-sagemaker';
import type { ObjectStore } from '../store/index.js';
import type { LoadedDefinition } from './definition-file.js';

/** Definitions of this many bytes or more go through S3. */
export const INLINE_DEFINITION_LIMIT = 100 * 1024;

export function needsS3Location(def: LoadedDefinition, limit = INLINE_DEFINITION_LIMIT): boolean {
  return def.bytes >= limit;
}

/** `s3://<bucket>/<pipeline>/definition/<sha256>.json`: content-addressed, never overwritten. */
export function definitionUri(bucket: string, pipelineName: string, def: LoadedDefinition): string {
  return `s3://${bucket}/${pipelineName}/definition/${def.sha256}.json`;
}

/** Uploads the definition body (unless the same content is there) and returns its location. */
export async function putDefinition(
  store: ObjectStore,
  bucket: string,
  pipelineName: string,
  def: LoadedDefinition,
): Promise<{ uri: string; location: PipelineDefinitionS3Location; uploaded: boolean }> {
  const uri = definitionUri(bucket, pipelineName, def);
  const key = uri.slice(`s3://${bucket}/`.length);
  const head = await store.head(uri);
  const same = head !== undefined && head.size === def.bytes && (head.sha256 === undefined || head.sha256 === def.sha256);
  if (!same) await store.putBytes(uri, def.body, { sha256: def.sha256, contentType: 'application/json' });
  return { uri, location: { Bucket: bucket, ObjectKey: key }, uploaded: !same };
}
