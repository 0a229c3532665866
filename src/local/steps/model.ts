/** A Model (CreateModel) step: records the model as SageMaker would describe it. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Json, JsonObject } from '../definition.js';
import type { StepContext, StepOutcome } from '../step-context.js';
import { jobName, localArn } from './job-names.js';

export async function runModel(ctx: StepContext): Promise<StepOutcome> {
  const a = ctx.args;
  const name = typeof a.ModelName === 'string' ? a.ModelName : jobName(ctx.execution, ctx.step.name);
  const record: JsonObject = {
    ModelName: name,
    ModelArn: localArn('model', name),
    ExecutionRoleArn: (a.ExecutionRoleArn ?? null) as Json,
    ...(a.PrimaryContainer !== undefined ? { PrimaryContainer: a.PrimaryContainer } : {}),
    ...(a.Containers !== undefined ? { Containers: a.Containers } : {}),
  };
  await writeFile(join(ctx.stepDir, 'model.json'), `${JSON.stringify(record, null, 2)}\n`);
  return { record, outputs: [] };
}
