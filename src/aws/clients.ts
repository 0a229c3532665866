/**
 * One place that builds the AWS clients deploy, start, wait and describe use, so that every
 * call retries the same way and talks to the same endpoint and region.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { toAwsError } from '../store/aws-errors.js';

/** Where and as whom to call AWS. Everything is optional: the standard AWS chain fills the rest. */
export interface AwsOptions {
  /** AWS region; default: `AWS_REGION`, then the profile's region. */
  region?: string;
  /** An API endpoint (moto, LocalStack, a VPC endpoint); default: `AWS_ENDPOINT_URL`. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Attempts per call, throttling and 5xx included, done by the SDK's adaptive retry strategy
   * (exponential backoff with jitter plus client-side rate limiting). Default 5.
   */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** The endpoint to use: the option, else `AWS_ENDPOINT_URL`, else AWS's own. */
export function resolveEndpoint(opts: AwsOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return opts.endpoint ?? (env.AWS_ENDPOINT_URL || undefined);
}

function commonConfig(opts: AwsOptions) {
  const endpoint = resolveEndpoint(opts);
  return {
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'adaptive',
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}

export function createSageMakerClient(opts: AwsOptions = {}): SageMakerClient {
  return new SageMakerClient(commonConfig(opts));
}

/** An S3 client for bucket checks; objects go through the object store (`src/store`). */
export function createS3Client(opts: AwsOptions = {}): S3Client {
  const config = commonConfig(opts);
  // Emulators and S3-compatible endpoints address buckets by path, not by host name.
  return new S3Client({ ...config, ...(config.endpoint ? { forcePathStyle: true } : {}) });
}

/**
 * Resolves the region and credentials the client will use, before anything is uploaded, so a
 * missing region or missing credentials is reported first and with what to do about it.
 */
export async function resolveCallerSetup(client: SageMakerClient): Promise<{ region: string }> {
  let region: string | undefined;
  try {
    region = await client.config.region();
  } catch (err) {
    throw toAwsError(err, 'resolve the AWS region');
  }
  if (!region) throw toAwsError(new Error('Region is missing'), 'resolve the AWS region');
  try {
    await client.config.credentials();
  } catch (err) {
    throw toAwsError(err, 'load AWS credentials');
  }
  return { region };
}
