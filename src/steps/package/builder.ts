/**
 * Package (seeds 000/001): model artifacts from the resolved dependency, inference scripts
 * ALWAYS from the local config (`inference_scripts_dir`, else `source_dir`, else
 * `<project_root>/inference`), never from a dependency.
 */
import { join } from 'node:path';
import type { BuildContext } from '../kit/build-context.js';
import { defineStep } from '../kit/define-step.js';
import { configClassOnDemand } from '../kit/schema-on-demand.js';
import { contractOutputs, processingStep } from '../kit/processing.js';
import { nodeScriptCode, scriptInputs } from '../kit/node-script.js';
import { trustIndexEnvironment } from '../kit/own-archive.js';
import type { ProcessingInputProps } from '../../dsl/steps/processing-step.js';
import type { Value } from '../../dsl/expressions.js';
import { InternalError } from '../../errors.js';
import { PACKAGE_CONTRACT } from './contract.js';
import { PACKAGE_SPEC } from './spec.js';

const C = PACKAGE_CONTRACT;

/** A local folder becomes a content-hashed prefix; an s3:// URI stays as is. */
function folderSource(ctx: BuildContext, value: string, field: string): string {
  return value.startsWith('s3://') ? value : ctx.assets.addFolder(value, `${ctx.stepName}.${field}`);
}

export const packageStep = defineStep({
  stepType: 'Package',
  config: configClassOnDemand({ className: 'PackageStepConfig', cursusName: 'PackageConfig' }, async () => (await import('./config.js')).PackageStepConfig),
  spec: PACKAGE_SPEC,
  contract: C,
  description: 'Packs model artifacts and the local inference scripts (under code/) into model.tar.gz',
  writesOwnArchive: true,
  build(ctx) {
    const c = ctx.config;
    const model = ctx.inputs.model_input;
    if (model === undefined) throw new InternalError(`${ctx.stepName}: model_input was not wired by the resolver`);
    const scriptsField = c.inference_scripts_dir ? 'inference_scripts_dir' : c.source_dir ? 'source_dir' : 'project_root';
    const scriptsDir = c.inference_scripts_dir ?? c.source_dir ?? join(c.project_root ?? '.', 'inference');
    const inputs: ProcessingInputProps[] = [
      { inputName: 'model_input', source: model, destination: C.inputs.model_input },
      { inputName: 'inference_scripts_input', source: folderSource(ctx, scriptsDir, scriptsField), destination: C.inputs.inference_scripts_input },
    ];
    const calibration: Value | undefined =
      ctx.inputs.calibration_input ?? (c.calibration_dir ? folderSource(ctx, c.calibration_dir, 'calibration_dir') : undefined);
    if (calibration !== undefined) inputs.push({ inputName: 'calibration_input', source: calibration, destination: C.inputs.calibration_input });
    const code = nodeScriptCode(ctx, C, 'package');
    inputs.push(...scriptInputs(code));
    const environment: Record<string, Value> = {
      PIPELINE_NAME: ctx.pipelineName,
      REGION: c.region,
      BUCKET_NAME: c.bucket,
      PIPELINE_VERSION: c.pipeline_version,
      ...(c.model_type ? { MODEL_TYPE: c.model_type } : {}),
      ...(c.model_registration_objective ? { MODEL_OBJECTIVE: c.model_registration_objective } : {}),
      ...trustIndexEnvironment(ctx, 'model_input'),
    };
    return { step: processingStep(ctx, { entrypoint: code.entrypoint, runsNode: code.runsNode, inputs, outputs: contractOutputs(ctx, C), environment }) };
  },
});
