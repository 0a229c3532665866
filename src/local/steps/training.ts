/**
 * A Training step, run as a script the way a framework estimator's container runs it: the
 * `sagemaker_submit_directory` tarball is unpacked into /opt/ml/code (or, when it names an
 * input channel's folder, the staged channel is the code) and `sagemaker_program` is run there (python3 for .py, node for .js/.mjs) with the other
 * hyperparameters as `--name value`. Channels are staged under /opt/ml/input/data/<channel>,
 * hyperparameters written to /opt/ml/input/config/hyperparameters.json, and /opt/ml/model
 * is packed to `<S3OutputPath>/<job name>/output/model.tar.gz`.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalRunError } from '../../errors.js';
import { joinS3Uri } from '../../store/index.js';
import type { Json, JsonObject } from '../definition.js';
import { stringify } from '../expressions.js';
import { ML_ROOT } from '../sandbox.js';
import { filesUnder, publishOutputs, realFolderIn, stageInput } from '../staging.js';
import type { StepContext, StepOutcome } from '../step-context.js';
import { extractTarball, packDirectory } from '../tarball.js';
import { trainingEnvironment, unquote } from './training-env.js';
import { jobName, localArn, processFailure } from './job-names.js';

interface Channel {
  ChannelName?: string;
  DataSource?: { S3DataSource?: { S3Uri?: string; S3DataType?: string } };
}

const CODE_CHANNEL_DIR = /^\/opt\/ml\/input\/data\/([A-Za-z0-9._-]+)\/?$/;

export async function runTraining(ctx: StepContext): Promise<StepOutcome> {
  const a = ctx.args as {
    InputDataConfig?: Channel[];
    HyperParameters?: Record<string, Json>;
    OutputDataConfig?: { S3OutputPath?: string };
    StoppingCondition?: { MaxRuntimeInSeconds?: number };
    Environment?: Record<string, Json>;
  };
  const where = `step ${ctx.step.name}`;
  const hp = a.HyperParameters ?? {};
  const program = unquote(hp.sagemaker_program);
  const submitDir = unquote(hp.sagemaker_submit_directory);
  // sagewire's own training builders ship the code as an input channel and point
  // sagemaker_submit_directory at that channel's folder instead of an s3:// tarball.
  const codeChannel = CODE_CHANNEL_DIR.exec(submitDir)?.[1];
  if (!program || (!submitDir.startsWith('s3://') && codeChannel === undefined)) {
    throw new LocalRunError(
      `${where}: needs sagemaker_program and a sagemaker_submit_directory hyperparameter (an s3:// tarball, or an input channel's folder ${ML_ROOT}/input/data/<channel>) to run locally`,
    );
  }
  if (!a.OutputDataConfig?.S3OutputPath) throw new LocalRunError(`${where}: OutputDataConfig.S3OutputPath is required`);

  const channels: { name: string; uri: string; where: string }[] = [];
  for (const [i, ch] of (a.InputDataConfig ?? []).entries()) {
    const uri = ch.DataSource?.S3DataSource?.S3Uri;
    const cw = `${where}: InputDataConfig[${i}] (${ch.ChannelName ?? 'unnamed'})`;
    if (!ch.ChannelName || !/^[A-Za-z0-9._-]+$/.test(ch.ChannelName) || !uri) {
      throw new LocalRunError(`${cw}: needs a ChannelName and DataSource.S3DataSource.S3Uri`);
    }
    channels.push({ name: ch.ChannelName, uri, where: cw });
  }
  if (codeChannel !== undefined && !channels.some((c) => c.name === codeChannel)) {
    throw new LocalRunError(`${where}: sagemaker_submit_directory ${submitDir} names no input channel '${codeChannel}'`);
  }
  const hit = await ctx.cacheLookup([
    ...channels.map((c) => ({ path: `${ML_ROOT}/input/data/${c.name}`, uri: c.uri })),
    ...(codeChannel === undefined ? [{ path: `${ML_ROOT}/code`, uri: submitDir }] : []),
  ]);
  if (hit) return { ...hit, outputs: [], cached: true };
  for (const c of channels) await ctx.stage(c.uri, `${ML_ROOT}/input/data/${c.name}`, c.where);
  if (codeChannel !== undefined) {
    // The training toolkit copies a local sagemaker_submit_directory to /opt/ml/code
    // (sagemaker-training-toolkit files.download_and_extract); cursus's scripts read
    // /opt/ml/code/hyperparams/hyperparameters.json from there. Links are copied as links.
    const staged = join(ctx.mlDir, 'input', 'data', codeChannel);
    await realFolderIn(ctx.mlDir, staged, `${where}: channel ${codeChannel}`);
    await cp(staged, join(ctx.mlDir, 'code'), { recursive: true, verbatimSymlinks: true });
  } else {
    const tmp = await mkdtemp(join(ctx.stepDir, 'src-'));
    try {
      await stageInput(ctx.store, submitDir, tmp, `${where}: sagemaker_submit_directory`);
      const [tarball] = await filesUnder(tmp);
      await extractTarball(join(tmp, tarball!), join(ctx.mlDir, 'code'));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  const configDir = join(ctx.mlDir, 'input', 'config');
  await mkdir(configDir, { recursive: true });
  const hyper = Object.fromEntries(Object.entries(hp).map(([k, v]) => [k, stringify(v)]));
  const name = jobName(ctx.execution, ctx.step.name);
  const sm = trainingEnvironment({ hyper, channels: channels.map((c) => c.name), jobName: name, moduleDir: submitDir, program });
  await writeFile(join(configDir, 'hyperparameters.json'), JSON.stringify(hyper, null, 2));
  await writeFile(join(configDir, 'resourceconfig.json'), JSON.stringify(sm.resourceConfig));
  await writeFile(join(configDir, 'inputdataconfig.json'), JSON.stringify(sm.inputDataConfig));

  for (const d of ['model', 'output/data']) await mkdir(join(ctx.mlDir, d), { recursive: true });
  const script = codeChannel === undefined ? `${ML_ROOT}/code/${program}` : `${ML_ROOT}/input/data/${codeChannel}/${program}`;
  const interp = /\.(mjs|cjs|js)$/.test(program) ? 'node' : 'python3';
  const env: Record<string, string> = {
    ...Object.fromEntries(Object.entries(a.Environment ?? {}).map(([k, v]) => [k, stringify(v)])),
    ...sm.env,
  };
  const max = a.StoppingCondition?.MaxRuntimeInSeconds;
  const result = await ctx.exec({ command: [interp, script, ...sm.userArgs], env, ...(max ? { timeoutMs: max * 1000 } : {}) });
  if (result.exitCode !== 0 || result.overBound) throw processFailure(ctx, result, max);

  // Published like any step output: renamed into a folder store, uploaded (with its sha256
  // when caching) to S3, and removed again if the upload fails.
  const packedDir = join(ctx.stepDir, 'model-artifacts');
  // The step may have replaced /opt/ml/model by a link to a host folder: never follow it.
  await realFolderIn(ctx.mlDir, join(ctx.mlDir, 'model'), `${where}: ${ML_ROOT}/model`);
  await packDirectory(join(ctx.mlDir, 'model'), join(packedDir, 'model.tar.gz'));
  const written = await publishOutputs(ctx.store, [{ dir: packedDir, uri: joinS3Uri(a.OutputDataConfig.S3OutputPath, `${name}/output`) }], {
    digest: ctx.caching,
  });
  await rm(packedDir, { recursive: true, force: true });
  const artifact = written[0]!.uri;
  const record: JsonObject = {
    TrainingJobName: name,
    TrainingJobArn: localArn('training-job', name),
    TrainingJobStatus: 'Completed',
    ModelArtifacts: { S3ModelArtifacts: artifact },
    HyperParameters: hyper,
    OutputDataConfig: (ctx.args.OutputDataConfig ?? {}) as Json,
    InputDataConfig: (ctx.args.InputDataConfig ?? []) as Json,
    AlgorithmSpecification: (ctx.args.AlgorithmSpecification ?? {}) as Json,
    ResourceConfig: (ctx.args.ResourceConfig ?? {}) as Json,
  };
  return { record, outputs: written };
}
