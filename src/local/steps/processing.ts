/**
 * A Processing step: stage each S3Input at its LocalPath, run ContainerEntrypoint +
 * ContainerArguments in the step's sandbox, upload each output folder to its S3Output.
 */
import { mkdir } from 'node:fs/promises';
import { LocalRunError } from '../../errors.js';
import { parseS3Uri } from '../../store/index.js';
import type { Json, JsonObject } from '../definition.js';
import { stringify } from '../expressions.js';
import { hostPathOf, publishOutputs } from '../staging.js';
import type { StepContext, StepOutcome } from '../step-context.js';
import { jobName, localArn, processFailure } from './job-names.js';

interface ProcessingInput {
  InputName?: string;
  S3Input?: { S3Uri?: string; LocalPath?: string; S3DataType?: string; S3CompressionType?: string };
}
interface ProcessingOutput {
  OutputName?: string;
  S3Output?: { S3Uri?: string; LocalPath?: string };
}

export async function runProcessing(ctx: StepContext): Promise<StepOutcome> {
  const a = ctx.args as {
    AppSpecification?: { ContainerEntrypoint?: Json[]; ContainerArguments?: Json[] };
    ProcessingInputs?: ProcessingInput[];
    ProcessingOutputConfig?: { Outputs?: ProcessingOutput[] };
    Environment?: Record<string, Json>;
    StoppingCondition?: { MaxRuntimeInSeconds?: number };
  };
  const where = `step ${ctx.step.name}`;
  const staging: { uri: string; where: string; path: string }[] = [];
  for (const [i, input] of (a.ProcessingInputs ?? []).entries()) {
    const s3 = input.S3Input;
    const iw = `${where}: ProcessingInputs[${i}] (${input.InputName ?? 'unnamed'})`;
    if (!s3?.S3Uri || !s3.LocalPath) throw new LocalRunError(`${iw}: only S3Input with S3Uri and LocalPath is supported locally`);
    if (s3.S3DataType && s3.S3DataType !== 'S3Prefix') throw new LocalRunError(`${iw}: S3DataType ${s3.S3DataType} is not supported locally (S3Prefix only)`);
    if (s3.S3CompressionType === 'Gzip') throw new LocalRunError(`${iw}: S3CompressionType Gzip is not supported locally`);
    hostPathOf(ctx.mlDir, s3.LocalPath, iw);
    staging.push({ uri: s3.S3Uri, where: iw, path: s3.LocalPath });
  }
  const hit = await ctx.cacheLookup(staging.map((s) => ({ path: s.path, uri: s.uri })));
  if (hit) return { ...hit, outputs: [], cached: true };
  for (const s of staging) await ctx.stage(s.uri, s.path, s.where);

  const outputs = (a.ProcessingOutputConfig?.Outputs ?? []).map((o, i) => {
    const ow = `${where}: ProcessingOutputConfig.Outputs[${i}] (${o.OutputName ?? 'unnamed'})`;
    if (!o.S3Output?.S3Uri || !o.S3Output.LocalPath) throw new LocalRunError(`${ow}: needs S3Output.S3Uri and LocalPath`);
    parseS3Uri(o.S3Output.S3Uri);
    return { dir: hostPathOf(ctx.mlDir, o.S3Output.LocalPath, ow), uri: o.S3Output.S3Uri, what: ow };
  });
  for (const o of outputs) await mkdir(o.dir, { recursive: true });

  const command = [...(a.AppSpecification?.ContainerEntrypoint ?? []), ...(a.AppSpecification?.ContainerArguments ?? [])].map(stringify);
  const env = Object.fromEntries(Object.entries(a.Environment ?? {}).map(([k, v]) => [k, stringify(v)]));
  const name = jobName(ctx.execution, ctx.step.name);
  const max = a.StoppingCondition?.MaxRuntimeInSeconds;
  const result = await ctx.exec({ command, env, ...(max ? { timeoutMs: max * 1000 } : {}) });
  if (result.exitCode !== 0 || result.overBound) throw processFailure(ctx, result, max);

  const written = await publishOutputs(ctx.store, outputs, { digest: ctx.caching, mlDir: ctx.mlDir });
  const record: JsonObject = {
    ProcessingJobName: name,
    ProcessingJobArn: localArn('processing-job', name),
    ProcessingJobStatus: 'Completed',
    AppSpecification: (ctx.args.AppSpecification ?? {}) as Json,
    ProcessingInputs: (ctx.args.ProcessingInputs ?? []) as Json,
    ProcessingOutputConfig: (ctx.args.ProcessingOutputConfig ?? { Outputs: [] }) as Json,
    Environment: env,
  };
  return { record, outputs: written, ...(result.stdoutTail.trim() ? { result: result.stdoutTail.trim() } : {}) };
}
