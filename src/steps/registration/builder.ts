/**
 * Registration (seed 002). With `registrar: sagemaker`, SageMaker's RegisterModel step (see
 * register-model.ts); otherwise the register script: the packaged model at /opt/ml/processing/input/model, the payload
 * (when wired) at /opt/ml/processing/mims_payload, the registration config JSON built at
 * compile time at /opt/ml/processing/config/config, MODS_WORKFLOW_EXECUTION_ID from the
 * execution id.
 */
import { basename, dirname } from 'node:path';
import type { BuildContext } from '../kit/build-context.js';
import { defineStep } from '../kit/define-step.js';
import { configClassOnDemand } from '../kit/schema-on-demand.js';
import { contractOutputs, processingStep } from '../kit/processing.js';
import { nodeScriptCode, scriptInputs } from '../kit/node-script.js';
import type { WithDerived } from '../../config/base-config.js';
import { executionVariable, type Value } from '../../dsl/expressions.js';
import type { ProcessingInputProps } from '../../dsl/steps/processing-step.js';
import { InternalError } from '../../errors.js';
import type { PayloadConfig } from '../payload/config.js';
import type { ModelRegistrationConfig } from './config.js';
import { REGISTRATION_CONTRACT } from './contract.js';
import { registrationScriptConfig } from './registration-config.js';
import { registerModelStep } from './register-model.js';
import { REGISTRATION_SPEC } from './spec.js';

const C = REGISTRATION_CONTRACT;

/** The Payload config that feeds this step (else the first Payload node of the DAG), with its step name. */
function payloadConfigFor(ctx: BuildContext<ModelRegistrationConfig>): { name: string; config: WithDerived<PayloadConfig> } | undefined {
  const wired = ctx.inputProducers.payload_input;
  const name =
    (wired && ctx.configs[wired] ? wired : undefined) ??
    Object.keys(ctx.configs).find((n) => ctx.configs[n]?.stepType === 'Payload');
  const loaded = name ? ctx.configs[name] : undefined;
  return name && loaded?.stepType === 'Payload' ? { name, config: loaded.config as WithDerived<PayloadConfig> } : undefined;
}

/**
 * The processing instance type of the Package step that feeds this one (else the DAG's first
 * Package node): seed 003 load-tests the model on it.
 */
function packageInstanceTypeFor(ctx: BuildContext<ModelRegistrationConfig>): string | undefined {
  const wired = ctx.inputProducers.packaged_model_input;
  const name = (wired && ctx.configs[wired]?.stepType === 'Package' ? wired : undefined) ?? Object.keys(ctx.configs).find((n) => ctx.configs[n]?.stepType === 'Package');
  const c = name ? (ctx.configs[name]!.config as { use_large_processing_instance?: boolean; processing_instance_type_small?: string; processing_instance_type_large?: string }) : undefined;
  return c ? (c.use_large_processing_instance ? c.processing_instance_type_large : c.processing_instance_type_small) : undefined;
}

/**
 * How the register script finds and authenticates with its inventory: the URL, and either the
 * job's IAM role or a Secrets Manager secret read at run time. Never a token.
 */
function registrarEnvironment(c: ModelRegistrationConfig): Record<string, Value> {
  if (c.registrar !== 'inventory' || !c.inventory_url) return {};
  return {
    SAGEWIRE_REGISTRAR: c.inventory_url,
    ...(c.inventory_token_secret ? { SAGEWIRE_INVENTORY_TOKEN_SECRET: c.inventory_token_secret } : { SAGEWIRE_INVENTORY_AUTH: 'iam' }),
  };
}

export const registrationStep = defineStep({
  stepType: 'Registration',
  config: configClassOnDemand({ className: 'ModelRegistrationConfig', cursusName: 'RegistrationConfig' }, async () => (await import('./config.js')).ModelRegistrationConfig),
  spec: REGISTRATION_SPEC,
  contract: C,
  description: 'Registers the packaged model (and payload samples) with the model inventory',
  build(ctx) {
    const c = ctx.config;
    const model = ctx.inputs.packaged_model_input;
    if (model === undefined) throw new InternalError(`${ctx.stepName}: packaged_model_input was not wired by the resolver`);
    const payload = payloadConfigFor(ctx);
    const scriptConfig = registrationScriptConfig(ctx.stepName, c, payload?.config, payload?.name, packageInstanceTypeFor(ctx));
    const executionConfig = scriptConfig as unknown as Record<string, unknown>;
    if (c.registrar === 'sagemaker') {
      return { step: registerModelStep(ctx, scriptConfig, model, ctx.inputs.payload_input), executionConfig };
    }
    const configUri = ctx.assets.addText(basename(C.inputs.registration_config), `${JSON.stringify(scriptConfig, null, 2)}\n`);
    const inputs: ProcessingInputProps[] = [{ inputName: 'packaged_model_input', source: model, destination: C.inputs.packaged_model_input }];
    if (ctx.inputs.payload_input !== undefined) {
      inputs.push({ inputName: 'payload_input', source: ctx.inputs.payload_input, destination: C.inputs.payload_input });
    }
    inputs.push({ inputName: 'registration_config', source: configUri, destination: dirname(C.inputs.registration_config) });
    if (ctx.inputs.performance_metadata !== undefined) {
      inputs.push({ inputName: 'performance_metadata', source: ctx.inputs.performance_metadata, destination: C.inputs.performance_metadata });
    }
    const code = nodeScriptCode(ctx, C, 'register');
    inputs.push(...scriptInputs(code));
    const environment: Record<string, Value> = {
      MODS_WORKFLOW_EXECUTION_ID: executionVariable('PipelineExecutionId'),
      // lineage: a processing container is told neither its pipeline nor its step
      SAGEWIRE_PIPELINE_NAME: executionVariable('PipelineName'),
      SAGEWIRE_PIPELINE_EXECUTION_ARN: executionVariable('PipelineExecutionArn'),
      SAGEWIRE_STEP_NAME: ctx.stepName,
      ...(c.performance_metadata_path ? { PERFORMANCE_METADATA_PATH: c.performance_metadata_path } : {}),
      ...registrarEnvironment(c),
    };
    const step = processingStep(ctx, { entrypoint: code.entrypoint, runsNode: code.runsNode, inputs, outputs: contractOutputs(ctx, C), environment });
    return { step, executionConfig };
  },
});
