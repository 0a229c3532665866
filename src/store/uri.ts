/** `s3://bucket/key` URIs: the one address form every store and runner uses. */
import { UsageError } from '../errors.js';

export interface S3Location {
  bucket: string;
  /** The key without a leading slash; '' for the bucket itself. */
  key: string;
}

// S3's general-purpose bucket naming rules: 3-63 characters of lowercase letters, digits, dots
// and hyphens, beginning and ending with a letter or digit.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new UsageError(`not an S3 URI: "${uri}" (expected s3://<bucket>/<key>)`);
  const bucket = m[1]!;
  if (!BUCKET.test(bucket)) {
    throw new UsageError(
      `not a valid S3 bucket name in "${uri}": "${bucket}" (a bucket name is 3 to 63 characters of ` +
        'lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit)',
    );
  }
  return { bucket, key: m[2]! };
}

export function formatS3Uri(loc: S3Location): string {
  return `s3://${loc.bucket}/${loc.key}`;
}

/** Joins an S3 prefix and a relative key with exactly one slash between them. */
export function joinS3Uri(prefix: string, relative: string): string {
  return `${prefix.replace(/\/+$/, '')}/${relative.replace(/^\/+/, '')}`;
}

/**
 * The key of `objectKey` relative to `prefix`, treating the prefix as a folder (SageMaker's
 * S3Prefix staging): the object itself when it equals the prefix (its base name), or a key
 * under `prefix/`. `undefined` when the object is not under the prefix.
 */
export function relativeKey(prefix: string, objectKey: string): string | undefined {
  const p = prefix.replace(/\/+$/, '');
  if (objectKey === p) return p.slice(p.lastIndexOf('/') + 1);
  if (p === '') return objectKey;
  if (objectKey.startsWith(`${p}/`)) return objectKey.slice(p.length + 1);
  return undefined;
}
