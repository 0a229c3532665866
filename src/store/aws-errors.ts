/**
 * The one reading of what the AWS SDK throws, for every caller (the S3 store, deploy and
 * executions, the SageMaker registrar): what kind of failure it is (a missing key, bucket or
 * resource, a name already taken) and the AwsError that keeps AWS's own message and adds what
 * to do about it. Retries have already happened inside the SDK by the time we get here.
 */
import { AwsError, IoError, NotFoundError, SagewireError } from '../errors.js';

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number };
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
]);

const NETWORK_CODES = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH/;

function nameOf(err: unknown): string {
  return (err as SdkErrorShape | undefined)?.name ?? '';
}

/** The HTTP status AWS answered with, if the call got that far. */
export function httpStatusOf(err: unknown): number | undefined {
  const e = err as SdkErrorShape | undefined;
  return e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
}

/**
 * S3 has no such object: GetObject's NoSuchKey, or HeadObject's bare 404 (the SDK names it
 * NotFound; HeadObject answers so for a missing bucket too, which callers that care probe).
 */
export function isMissingObject(err: unknown): boolean {
  const name = nameOf(err);
  return name === 'NoSuchKey' || name === 'NotFound' || (httpStatusOf(err) === 404 && name !== 'NoSuchBucket');
}

/** S3 has no such bucket (NoSuchBucket; HeadBucket's bare 404 is {@link isMissingObject}'s NotFound). */
export function isMissingBucket(err: unknown): boolean {
  return nameOf(err) === 'NoSuchBucket';
}

/**
 * SageMaker has no such resource: ResourceNotFound, or a validation error saying the named
 * thing does not exist (DescribeModelPackageGroup, DescribePipeline answer so).
 */
export function isMissingResource(err: unknown): boolean {
  const name = nameOf(err);
  const message = (err as SdkErrorShape | undefined)?.message ?? '';
  return (
    name === 'ResourceNotFound' ||
    ((name === 'ValidationException' || name === 'ValidationError') && /could not find|does not exist|not found/i.test(message))
  );
}

/** SageMaker refused a create because the name is taken (ResourceInUse, or a validation error saying so). */
export function isAlreadyExists(err: unknown): boolean {
  const name = nameOf(err);
  const message = (err as SdkErrorShape | undefined)?.message ?? '';
  return name === 'ResourceInUse' || ((name === 'ValidationException' || name === 'ValidationError') && /must be unique within|already exists/i.test(message));
}

/** True when the endpoint answered with something that is not an AWS response for the call. */
export function isUnsupportedOperation(err: unknown): boolean {
  const e = err as SdkErrorShape;
  if (e?.name === 'UnknownOperationException' || e?.name === 'NotImplemented' || e?.name === 'InvalidAction') {
    return true;
  }
  // The SDK could not parse the answer (moto serves an HTML 500 page for actions it lacks).
  return e?.name === 'SyntaxError' && e.$response !== undefined;
}

function fixFor(e: SdkErrorShape, what: string): string {
  const name = e.name ?? '';
  const msg = e.message ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(msg)) {
    return 'no AWS credentials found: set AWS_PROFILE (then `aws sso login` if it is an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run on a machine with an instance role';
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return 'the AWS credentials were refused (expired or wrong): refresh them (`aws sso login`, new keys) and run again';
  }
  if (/region is missing/i.test(msg)) {
    return 'no AWS region: pass --region or set AWS_REGION (or a region in the profile)';
  }
  if (/AccessDenied/.test(name) || status === 403) {
    return `the caller may not ${what}: grant the permission in the caller's IAM policy (or the bucket policy), or use other credentials`;
  }
  if (name === 'NoSuchBucket') {
    return 'the bucket does not exist: create it (`aws s3 mb s3://<bucket>`) or compile with a bucket that exists';
  }
  if (isUnsupportedOperation(e)) {
    return 'the endpoint did not answer like AWS: check --endpoint-url / AWS_ENDPOINT_URL (an emulator may not implement this call)';
  }
  if (NETWORK_CODES.test(`${e.code ?? ''} ${msg}`)) {
    return 'cannot reach the AWS endpoint: check the network, --endpoint-url / AWS_ENDPOINT_URL and --region';
  }
  if (/Throttl|TooManyRequests|SlowDown/.test(name) || (status !== undefined && status >= 500)) {
    return `AWS still failed after ${e.$metadata?.attempts ?? 'several'} attempts: try again later`;
  }
  if (isMissingResource(e) || /could not find|does not exist/i.test(msg)) {
    return 'check the name or ARN and the region (--region); `sagewire executions <pipeline>` lists executions';
  }
  if (name === 'ValidationException' || name === 'ValidationError') {
    return 'AWS rejected the request: fix the value it names and run again';
  }
  if (name === 'ResourceLimitExceeded') return 'an account quota is reached: delete unused resources or ask for a higher quota';
  return '';
}

/** An error from the operating system (errno and syscall), e.g. reading a file being uploaded. */
function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | undefined;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string' && !NETWORK_CODES.test(e.code);
}

/**
 * The AwsError for a failed AWS call. `what` is the action in words ("create pipeline p"),
 * used as "cannot <what>". SagewireErrors pass through; a refusal of the machine (a file that
 * cannot be read for an upload) is an IoError; other errors that are not AWS's (bugs) are
 * returned unchanged so the CLI shows them as bugs.
 */
export function toAwsError(err: unknown, what: string): Error {
  if (err instanceof SagewireError) return err;
  if (isSystemError(err)) return new IoError(`cannot ${what}: ${err.message}`, { cause: err });
  const e = err as SdkErrorShape;
  const looksLikeAws =
    e?.$metadata !== undefined ||
    e?.$fault !== undefined ||
    e?.name === 'CredentialsProviderError' ||
    /region is missing/i.test(e?.message ?? '') ||
    NETWORK_CODES.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
  if (!looksLikeAws) return err instanceof Error ? err : new Error(String(err));
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const awsSays = isUnsupportedOperation(e)
    ? `HTTP ${status ?? '?'} with a body that is not an AWS response`
    : `${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${(e.message ?? '').split('\n')[0]!.replace(/\.+$/, '')}`;
  const fix = fixFor(e, what);
  const fixed = fix ? `. ${fix[0]!.toUpperCase()}${fix.slice(1)}` : '';
  return new AwsError(`cannot ${what}: ${awsSays}${fixed}`, [], { cause: err });
}

/**
 * {@link toAwsError}, except that a missing S3 object is a NotFoundError (what a store's
 * callers test for), naming `where` (the store's endpoint).
 */
export function toStoreError(err: unknown, what: string, where: string): Error {
  if (nameOf(err) === 'NoSuchKey') return new NotFoundError(`cannot ${what}: no such object (${where})`);
  return toAwsError(err, what);
}

/** Runs one AWS call and maps its failure with {@link toAwsError}. */
export async function awsCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAwsError(err, what);
  }
}
