/**
 * The ARNs sagewire takes on the command line, checked before any call: AWS emulators accept
 * anything here, and AWS itself reports a malformed ARN only after code has been uploaded.
 */
import { AwsError, UsageError } from '../errors.js';

// SageMaker's RoleArn pattern.
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):(\d{12}):pipeline\/([^/]+)\/execution\/([^/]+)$/;

/** Throws an AwsError saying what a role ARN looks like when `arn` is not one. */
export function checkRoleArn(arn: string): void {
  if (ROLE_ARN.test(arn)) return;
  const hint = /^arn:aws[a-z-]*:iam::\d{12}:user\//.test(arn)
    ? ' (this is a user ARN; SageMaker needs a role it can assume)'
    : '';
  throw new AwsError(
    `--role "${arn}" is not an IAM role ARN${hint}: pass the ARN of a role that SageMaker can assume, ` +
      'arn:aws:iam::<12-digit account>:role/<name> (`aws iam list-roles` shows them; it needs a trust policy for sagemaker.amazonaws.com)',
  );
}

export interface ExecutionArnParts {
  region: string;
  account: string;
  pipelineName: string;
  executionId: string;
}

/** The parts of a pipeline execution ARN; UsageError when it is not one. */
export function parseExecutionArn(arn: string): ExecutionArnParts {
  const m = EXECUTION_ARN.exec(arn);
  if (!m) {
    throw new UsageError(
      `"${arn}" is not a pipeline execution ARN (arn:aws:sagemaker:<region>:<account>:pipeline/<name>/execution/<id>); ` +
        '`sagewire executions <pipeline-name>` lists them',
    );
  }
  return { region: m[1]!, account: m[2]!, pipelineName: m[3]!, executionId: m[4]! };
}
