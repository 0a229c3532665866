/**
 * Payload (seed 003): the model from the resolved dependency, and payload_config.json (a
 * PayloadScriptConfig) built from the config at compile time.
 */
import { dirname, extname } from 'node:path';
import { defineStep } from '../kit/define-step.js';
import { configClassOnDemand } from '../kit/schema-on-demand.js';
import { contractOutputs, processingStep } from '../kit/processing.js';
import { nodeScriptCode, scriptInputs } from '../kit/node-script.js';
import { trustIndexEnvironment } from '../kit/own-archive.js';
import { ConfigError, InternalError } from '../../errors.js';
import { readRegularFileSync } from '../../fs/input-file.js';
import type { WithDerived } from '../../config/base-config.js';
import type { PayloadConfig } from './config.js';
import { PAYLOAD_CONTRACT, type PayloadScriptConfig } from './contract.js';
import { PAYLOAD_SPEC } from './spec.js';

const C = PAYLOAD_CONTRACT;
const TYPE_BY_EXTENSION: Record<string, string> = { '.csv': 'text/csv', '.json': 'application/json' };

/** The payload script's config, from a Payload step config. */
export function payloadScriptConfig(stepName: string, c: WithDerived<PayloadConfig>): PayloadScriptConfig {
  const fieldDefaults = { ...(c.special_field_values ?? {}), ...(c.field_defaults ?? {}) };
  const out: PayloadScriptConfig = {
    content_types: [...c.source_model_inference_content_types],
    default_numeric_value: c.default_numeric_value,
    default_text_value: c.default_text_value,
  };
  if (c.source_model_inference_input_variable_list) out.input_variable_list = c.source_model_inference_input_variable_list;
  if (Object.keys(fieldDefaults).length > 0) out.field_defaults = fieldDefaults;
  if (c.custom_payload_path) {
    const field = `${stepName}.custom_payload_path`;
    if (c.custom_payload_path.startsWith('s3://')) throw new ConfigError(`${field}: must be a local file (read at compile time), got ${c.custom_payload_path}`);
    const type = TYPE_BY_EXTENSION[extname(c.custom_payload_path).toLowerCase()];
    if (!type) throw new ConfigError(`${field}: expected a .csv or .json file, got ${c.custom_payload_path}`);
    // A regular file of at most 64 MiB (a FIFO would hang compile; a device would never end).
    const read = readRegularFileSync(c.custom_payload_path, 64 * 1024 * 1024);
    if (!read.ok) throw new ConfigError(`${field}: cannot read ${c.custom_payload_path} (${read.reason})`);
    out.custom_payloads = { [type]: read.bytes.toString('utf8') };
  }
  return out;
}

export const payloadStep = defineStep({
  stepType: 'Payload',
  config: configClassOnDemand({ className: 'PayloadConfig' }, async () => (await import('./config.js')).PayloadConfig),
  spec: PAYLOAD_SPEC,
  contract: C,
  description: 'Generates sample payloads per content type (payload.tar.gz) for load testing',
  build(ctx) {
    const model = ctx.inputs.model_input;
    if (model === undefined) throw new InternalError(`${ctx.stepName}: model_input was not wired by the resolver`);
    const configUri = ctx.assets.addText('payload_config.json', `${JSON.stringify(payloadScriptConfig(ctx.stepName, ctx.config), null, 2)}\n`);
    const code = nodeScriptCode(ctx, C, 'payload');
    const environment = trustIndexEnvironment(ctx, 'model_input');
    const step = processingStep(ctx, {
      entrypoint: code.entrypoint,
      runsNode: code.runsNode,
      inputs: [
        { inputName: 'model_input', source: model, destination: C.inputs.model_input },
        { inputName: 'payload_config', source: configUri, destination: dirname(C.inputs.payload_config) },
        ...scriptInputs(code),
      ],
      outputs: contractOutputs(ctx, C),
      ...(Object.keys(environment).length > 0 ? { environment } : {}),
    });
    return { step };
  },
});
