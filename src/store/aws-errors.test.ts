import { describe, expect, it } from 'vitest';
import { AwsError, ConfigError } from '../errors.js';
import { isUnsupportedOperation, toAwsError } from './aws-errors.js';

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
