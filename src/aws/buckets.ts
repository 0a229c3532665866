/**
 * Checks, before anything is uploaded, that every bucket a deploy writes to exists and is
 * reachable with the caller's credentials. Emulators (moto) would otherwise fail late, and
 * AWS's own answer to HeadBucket carries no message at all.
 */
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { AwsError } from '../errors.js';
import { parseS3Uri } from '../store/index.js';
import { httpStatusOf, isMissingBucket, isMissingObject, toAwsError } from '../store/aws-errors.js';

/** The distinct buckets of a list of `s3://` URIs, in first-seen order. */
export function bucketsOf(uris: string[]): string[] {
  return [...new Set(uris.map((u) => parseS3Uri(u).bucket))];
}

/**
 * HeadBucket, with AWS's bare status turned into what to do. `purpose` says where the bucket
 * name came from, so the message can say where to change it.
 */
export async function checkBucket(
  s3: S3Client,
  bucket: string,
  region: string,
  purpose: 'code' | 'definition' = 'code',
): Promise<void> {
  const elsewhere =
    purpose === 'code'
      ? 'or compile again with a bucket that exists (the bucket of the base config)'
      : 'or pass --bucket with a bucket that exists';
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const status = httpStatusOf(err);
    if (isMissingObject(err) || isMissingBucket(err)) {
      throw new AwsError(
        `bucket ${bucket} does not exist (HeadBucket: HTTP 404): create it (\`aws s3 mb s3://${bucket} --region ${region}\`) ${elsewhere}`,
        [],
        { cause: err },
      );
    }
    if (status === 403) {
      throw new AwsError(
        `no access to bucket ${bucket} (HeadBucket: HTTP 403 Forbidden): grant the caller s3:ListBucket, s3:GetObject and s3:PutObject on it, ` +
          elsewhere.replace('that exists', 'these credentials may write to'),
        [],
        { cause: err },
      );
    }
    if (status === 301) {
      const where = (err as { $response?: { headers?: Record<string, string> } }).$response?.headers?.['x-amz-bucket-region'];
      throw new AwsError(
        `bucket ${bucket} is in ${where ?? 'another region'}, not ${region}: pass --region ${where ?? '<its region>'} ` +
          '(the pipeline must live in the same region as its code bucket)',
        [],
        { cause: err },
      );
    }
    throw toAwsError(err, `check bucket ${bucket}`);
  }
}
