import { describe, expect, it } from 'vitest';
import { AwsError, ConfigError, IoError, NotFoundError } from '../errors.js';
import {
  isAlreadyExists,
  isMissingBucket,
  isMissingObject,
  isMissingResource,
  isUnsupportedOperation,
  toAwsError,
  toStoreError,
} from './aws-errors.js';

/** Errors shaped as the AWS SDK v3 throws them (name, message, $metadata, $fault). */
function sdkError(name: string, message: string, status?: number, extra: object = {}) {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status, attempts: 1 }, ...extra });
}

describe('toAwsError', () => {
  it('keeps AWS’s message and adds what to fix', () => {
    const denied = toAwsError(
      sdkError('AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized to perform: sagemaker:CreatePipeline', 400),
      'create pipeline p',
    );
    expect(denied).toBeInstanceOf(AwsError);
    expect(denied.message).toMatch(/^cannot create pipeline p: AccessDeniedException \(HTTP 400\): User: .* sagemaker:CreatePipeline\. The caller may not create pipeline p: grant/);

    const validation = toAwsError(sdkError('ValidationException', 'Role arn:aws:iam::1:role/x is invalid', 400), 'create pipeline p');
    expect(validation.message).toContain('Role arn:aws:iam::1:role/x is invalid');
    expect(validation.message).toContain('AWS rejected the request: fix the value it names');
  });

  it('explains missing credentials and a missing region', () => {
    const creds = toAwsError(
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'load AWS credentials',
    );
    expect(creds).toBeInstanceOf(AwsError);
    expect(creds.message).toMatch(/AWS_PROFILE .*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    expect(toAwsError(new Error('Region is missing'), 'resolve the AWS region').message).toMatch(/pass --region or set AWS_REGION/);
  });

  it('says when retries ran out on throttling or 5xx', () => {
    const e = sdkError('ThrottlingException', 'Rate exceeded', 400, { $metadata: { httpStatusCode: 400, attempts: 5 } });
    expect(toAwsError(e, 'list pipelines').message).toMatch(/still failed after 5 attempts/);
  });

  it('recognises an endpoint that does not implement a call', () => {
    const e = Object.assign(new SyntaxError('Unexpected token <'), { $response: { statusCode: 500 }, $metadata: { httpStatusCode: 500 } });
    expect(isUnsupportedOperation(e)).toBe(true);
    expect(toAwsError(e, 'list steps').message).toMatch(/not an AWS response.*--endpoint-url/);
    expect(isUnsupportedOperation(new SyntaxError('plain'))).toBe(false);
  });

  it('passes sagewire errors through and leaves bugs alone', () => {
    const ours = new ConfigError('x');
    expect(toAwsError(ours, 'y')).toBe(ours);
    const bug = new TypeError('undefined is not a function');
    expect(toAwsError(bug, 'y')).toBe(bug);
  });
});

describe('the kinds of AWS failure every caller tells apart', () => {
  it('a missing S3 object: NoSuchKey, HeadObject\'s bare 404, not a missing bucket', () => {
    expect(isMissingObject(sdkError('NoSuchKey', 'The specified key does not exist.', 404))).toBe(true);
    expect(isMissingObject(sdkError('NotFound', '', 404))).toBe(true);
    expect(isMissingObject(sdkError('UnknownError', '', 404))).toBe(true);
    expect(isMissingObject(sdkError('NoSuchBucket', 'The specified bucket does not exist', 404))).toBe(false);
    expect(isMissingBucket(sdkError('NoSuchBucket', 'The specified bucket does not exist', 404))).toBe(true);
    expect(isMissingObject(sdkError('AccessDenied', 'Access Denied', 403))).toBe(false);
  });

  it('a missing SageMaker resource: ResourceNotFound, or a validation error saying it does not exist', () => {
    expect(isMissingResource(sdkError('ResourceNotFound', 'Pipeline p not found', 400))).toBe(true);
    expect(isMissingResource(sdkError('ValidationException', 'ModelPackageGroup arn:aws:sagemaker:us-east-1:1:model-package-group/g does not exist.', 400))).toBe(true);
    // a validation error about something else is not "missing" (the registrar took every one for it)
    expect(isMissingResource(sdkError('ValidationException', '1 validation error detected: Value at modelPackageGroupName failed to satisfy constraint', 400))).toBe(false);
    expect(isMissingResource(sdkError('AccessDeniedException', 'not authorized', 400))).toBe(false);
  });

  it('a name already taken', () => {
    expect(isAlreadyExists(sdkError('ResourceInUse', 'Pipeline p exists', 400))).toBe(true);
    expect(isAlreadyExists(sdkError('ValidationException', 'Pipeline names must be unique within an AWS account and region', 400))).toBe(true);
    expect(isAlreadyExists(sdkError('ValidationException', 'Role is invalid', 400))).toBe(false);
  });

  it('the store: a missing key is NotFoundError, the rest as every AWS call', () => {
    const missing = toStoreError(sdkError('NoSuchKey', 'The specified key does not exist.', 404), 'read s3://b/k', 'http://127.0.0.1:5000');
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe('cannot read s3://b/k: no such object (http://127.0.0.1:5000)');
    const bucket = toStoreError(sdkError('NoSuchBucket', 'The specified bucket does not exist', 404), 'upload s3://b/k', 'AWS S3');
    expect(bucket).toBeInstanceOf(AwsError);
    expect(bucket.message).toMatch(/^cannot upload s3:\/\/b\/k: NoSuchBucket \(HTTP 404\).*The bucket does not exist: create it/);
  });

  it('a file the machine refuses to read for an upload is an IoError, not a bug', () => {
    const eio = Object.assign(new Error("EIO: i/o error, read"), { code: 'EIO', syscall: 'read', errno: -5 });
    const mapped = toAwsError(eio, 'upload s3://b/k');
    expect(mapped).toBeInstanceOf(IoError);
    expect(mapped.message).toBe('cannot upload s3://b/k: EIO: i/o error, read');
  });
});
