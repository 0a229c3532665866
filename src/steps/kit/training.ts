/**
 * The framework Training builders (PyTorch, XGBoost) share everything but the image: the
 * user's `source_dir` staged as channel `code` (the training toolkit runs
 * `sagemaker_program` from `sagemaker_submit_directory`, here that local channel folder),
 * hyperparameters.json as channel `config`, the data as channel `train`.
 * With cursus's `skip_hyperparameters_s3_uri: true` there is no channel `config` and no
 * hyperparameter of the config is passed: the script reads hyperparams/hyperparameters.json
 * from its own source_dir (/opt/ml/code/hyperparams/ in the job), as cursus's builders do.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WithDerived } from '../../config/base-config.js';
import type { z } from 'zod';
import type { trainingShape } from '../../config/training-config.js';
import { channelOf } from './training-contract.js';
import type { Value } from '../../dsl/expressions.js';
import { TrainingStep } from '../../dsl/steps/training-step.js';
import { ConfigError } from '../../errors.js';
import type { ScriptContract } from '../../spec/contract.js';
import type { BuildContext, BuildResult } from './build-context.js';
import type { Issue } from '../../errors.js';
import { cacheOf, networkOf, outputDestination } from './processing.js';

/** A framework training config: the shared training fields plus the instance type each framework defaults. */
type TrainingConfig = WithDerived<z.output<z.ZodObject<typeof trainingShape>> & { training_instance_type: string }>;

/** Framework estimators pass every hyperparameter JSON-encoded; the toolkit decodes them. */
function encode(value: unknown): string {
  return JSON.stringify(value);
}

/** Where cursus's scripts read hyperparameters when the job gets none (inside source_dir). */
export const SOURCE_HYPERPARAMETERS = 'hyperparams/hyperparameters.json';

export function trainingStep(ctx: BuildContext & { config: TrainingConfig }, contract: ScriptContract, image: string): BuildResult & { step: TrainingStep } {
  const c = ctx.config;
  const data: Value | undefined = ctx.inputs.training_data ?? c.training_input_path;
  if (data === undefined) {
    throw new ConfigError(`${ctx.stepName}.training_input_path: required when no upstream step provides training data (add a DAG edge from a preprocessing step, or set it)`);
  }
  if (!c.source_dir) throw new ConfigError(`${ctx.stepName}.source_dir: required: the folder holding ${c.training_entry_point}`);
  const code = c.source_dir.startsWith('s3://') ? c.source_dir : ctx.assets.addFolder(c.source_dir, `${ctx.stepName}.source_dir`);
  const skip = c.skip_hyperparameters_s3_uri === true;
  const codeChannel = channelOf(contract.inputs.source_code!);
  const hp: Record<string, Value> = {};
  if (!skip) for (const [k, v] of Object.entries(c.hyperparameters)) hp[k] = encode(v);
  Object.assign(hp, {
    sagemaker_program: encode(c.training_entry_point),
    sagemaker_submit_directory: encode(contract.inputs.source_code),
    sagemaker_region: encode(c.aws_region),
    sagemaker_container_log_level: '20',
  });
  const channels = [{ channelName: channelOf(contract.inputs.training_data!), s3Uri: data }];
  if (!skip) {
    const hyperparameters = ctx.assets.addText('hyperparameters.json', `${JSON.stringify(c.hyperparameters, null, 2)}\n`);
    channels.push({ channelName: channelOf(contract.inputs.hyperparameters_s3_uri!), s3Uri: hyperparameters });
  }
  channels.push({ channelName: codeChannel, s3Uri: code });
  const step = new TrainingStep({
    name: ctx.stepName,
    roleArn: c.role,
    trainingImage: image,
    hyperParameters: hp,
    channels,
    outputPath: c.output_path ?? outputDestination(ctx, 'model_output'),
    outputKmsKeyId: ctx.parameters.kmsKey.ref,
    instanceType: c.training_instance_type,
    instanceCount: c.training_instance_count,
    volumeSizeInGb: c.training_volume_size,
    maxRuntimeInSeconds: c.max_runtime_seconds,
    ...networkOf(ctx.parameters),
    ...(cacheOf(c) ? { cache: cacheOf(c)! } : {}),
  });
  return { step, notices: skip ? skipNotices(ctx.stepName, c) : [] };
}

/** What the job does without hyperparameters, said where it may surprise. */
function skipNotices(stepName: string, c: TrainingConfig): Issue[] {
  const notices: Issue[] = [];
  if (Object.keys(c.hyperparameters).length > 0) {
    notices.push({
      path: `${stepName}.hyperparameters`,
      message: `not passed to the job: skip_hyperparameters_s3_uri is true, so (as in cursus) the script reads ${SOURCE_HYPERPARAMETERS} from its source_dir; set skip_hyperparameters_s3_uri to false to get them as channel "config"`,
    });
  }
  const dir = c.source_dir!;
  if (!dir.startsWith('s3://') && !isFile(join(dir, SOURCE_HYPERPARAMETERS))) {
    notices.push({
      path: `${stepName}.source_dir`,
      message: `has no ${SOURCE_HYPERPARAMETERS}: with skip_hyperparameters_s3_uri true the job gets no hyperparameters file (cursus's scripts read /opt/ml/code/${SOURCE_HYPERPARAMETERS})`,
    });
  }
  return notices;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
