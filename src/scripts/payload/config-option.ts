import { UsageError } from '../../errors.js';
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
 * or, with `step`, a sagewire config file whose Payload or Registration step gives the
 * variables.
 */
export async function loadPayloadConfigOption(path: string, step: string | undefined): Promise<LoadedPayloadConfig> {
  const value = requireJsonObject(await readJsonFile(path), path);
  if (step !== undefined) {
    throw new UsageError(`--step ${step}: reading a step from a sagewire config file is not supported yet; pass a payload config JSON as --config`);
  }
  if ('configuration' in value || 'metadata' in value) {
    throw new UsageError(`--config ${path}: this is a pipeline config file; name its Payload or Registration step with --step`);
  }
  return { ...parsePayloadConfig(value, path), source: path };
}
