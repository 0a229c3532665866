import { describe, expect, it } from 'vitest';
import { AwsError, UsageError } from '../errors.js';
import { checkRoleArn, parseExecutionArn } from './arns.js';

describe('ARNs', () => {
  it('accepts role ARNs (with paths, other partitions) and rejects the rest with what to pass', () => {
    expect(() => checkRoleArn('arn:aws:iam::123456789012:role/SageMakerRole')).not.toThrow();
    expect(() => checkRoleArn('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole')).not.toThrow();
    expect(() => checkRoleArn('arn:aws-cn:iam::123456789012:role/r')).not.toThrow();
    expect(() => checkRoleArn('SageMakerRole')).toThrow(AwsError);
    expect(() => checkRoleArn('SageMakerRole')).toThrow(/arn:aws:iam::<12-digit account>:role\/<name>/);
    expect(() => checkRoleArn('arn:aws:iam::123456789012:user/alice')).toThrow(/user ARN/);
    expect(() => checkRoleArn('arn:aws:iam::1234:role/r')).toThrow(AwsError);
  });

  it('parses an execution ARN into region and pipeline name', () => {
    expect(parseExecutionArn('arn:aws:sagemaker:eu-west-1:123456789012:pipeline/my-pipe/execution/abc123')).toEqual({
      region: 'eu-west-1',
      account: '123456789012',
      pipelineName: 'my-pipe',
      executionId: 'abc123',
    });
    expect(() => parseExecutionArn('arn:aws:sagemaker:eu-west-1:123456789012:pipeline/my-pipe')).toThrow(UsageError);
  });
});
