import { NotFoundError, UsageError } from '../../errors.js';
import type { PayloadScriptConfig } from '../../steps/payload/contract.js';
import { readJsonFile, requireJsonObject } from '../common/json-file.js';
import { parsePayloadConfig } from './payload-config.js';

/** A payload config as the `payload` command got it. */
export interface LoadedPayloadConfig {
  config: PayloadScriptConfig;
  /** For messages: the file, or `<file> step <name>`. */
  source: string;
  unknownKeys: string[];
}

/**
 * The `--config` option of `sagewire payload`: a payload config JSON ({@link PayloadScriptConfig}),
 * or, with `step`, a sagewire (or cursus) config file whose Payload or Registration step gives
 * the content types and variables, exactly as the compiler would hand them to the script.
 */
export async function loadPayloadConfigOption(path: string, step: string | undefined): Promise<LoadedPayloadConfig> {
  if (step !== undefined) return { config: await payloadConfigOfStep(path, step), source: `${path} step ${step}`, unknownKeys: [] };
  const value = requireJsonObject(await readJsonFile(path), path);
  if ('configuration' in value || 'metadata' in value) {
    throw new UsageError(`--config ${path}: this is a pipeline config file; name its Payload or Registration step with --step`);
  }
  return { ...parsePayloadConfig(value, path), source: path };
}

async function payloadConfigOfStep(path: string, step: string): Promise<PayloadScriptConfig> {
  // Loaded lazily: the config schemas and step builders are only needed for --step.
  const { readConfigFile } = await import('../../steps/config-file.js');
  const { configs } = readConfigFile(path, { nodes: [step] });
  const loaded = configs[step];
  if (!loaded) {
    const doc = (await readJsonFile(path)) as { metadata?: { config_types?: Record<string, unknown> } };
    const steps = Object.keys(doc.metadata?.config_types ?? {});
    throw new NotFoundError(`--step ${step}: ${path} has no step named ${JSON.stringify(step)} (steps: ${steps.join(', ') || 'none'})`);
  }
  if (loaded.stepType === 'Payload') {
    const { payloadScriptConfig } = await import('../../steps/payload/builder.js');
    return payloadScriptConfig(step, loaded.config);
  }
  if (loaded.stepType === 'Registration') {
    const list = loaded.config.source_model_inference_input_variable_list;
    const empty = Array.isArray(list) ? list.length === 0 : Object.keys(list).length === 0;
    return { content_types: [...loaded.config.source_model_inference_content_types], ...(empty ? {} : { input_variable_list: list }) };
  }
  throw new UsageError(`--step ${step}: is a ${loaded.stepType ?? 'base'} config; --step needs a Payload or Registration step`);
}
