import { existsSync } from 'node:fs';
import { createArchive, type ArchiveLimits } from '../../archive/index.js';
import { ScriptError, type Issue } from '../../errors.js';
import type { PayloadScriptConfig } from '../../steps/payload/contract.js';
import { prepareOutput } from '../common/output-path.js';
import { withRate, type ScriptSummary } from '../common/summary.js';
import { contentTypeFormat, DEFAULT_CONTENT_TYPES, sampleFileName } from './content-types.js';
import { readModelHyperparameters } from './model-hyperparameters.js';
import { DEFAULT_NUMERIC_VALUE, DEFAULT_TEXT_VALUE, sampleFields } from './sample-values.js';
import { normalizeVariableList, variablesFromHyperparameters, type Variable } from './variables.js';
import { withFileErrors } from '../common/file-errors.js';

/** The archive the payload step writes. */
export const PAYLOAD_ARCHIVE_NAME = 'payload.tar.gz';

export interface GeneratePayloadsOptions {
  /** model.tar.gz or a folder; read only when the config has no `input_variable_list`. */
  model?: string | undefined;
  config?: PayloadScriptConfig | undefined;
  /** Where the config came from, for messages (default `payload config`). */
  configSource?: string | undefined;
  /** Overrides the config's `content_types` (default text/csv and application/json). */
  contentTypes?: string[] | undefined;
  /** Output folder; the samples are packed into `<outDir>/payload.tar.gz`. */
  outDir: string;
  /** Archive limits over the engine's defaults (entries, total bytes, ratio). */
  limits?: Partial<ArchiveLimits> | undefined;
  /** The model archive was written by a sagewire step: hyperparameters.json may be read from its recorded place. */
  trustIndex?: boolean | undefined;
  log?: ((line: string) => void) | undefined;
}

export interface PayloadSummary extends ScriptSummary {
  /** Sample file names, at the root of the archive, in content-type order. */
  files: string[];
  contentTypes: string[];
  variables: Variable[];
  /** Where the field list came from: the config, or the model's hyperparameters.json. */
  variablesFrom: string;
}

/**
 * Writes one sample request per content type into `<outDir>/payload.tar.gz`, named
 * `payload_<content type with / as _>_<index>.<csv|json>` (the MIMS load-test layout).
 */
export async function generatePayloads(options: GeneratePayloadsOptions): Promise<PayloadSummary> {
  return withFileErrors(() => generatePayloadsUnchecked(options));
}

async function generatePayloadsUnchecked(options: GeneratePayloadsOptions): Promise<PayloadSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const config = options.config;
  const configSource = options.configSource ?? 'payload config';
  const contentTypes = checkContentTypes(options.contentTypes ?? config?.content_types ?? DEFAULT_CONTENT_TYPES, options.contentTypes ? '--content-types' : `${configSource}.content_types`);
  const formats = contentTypes.map((ct) => contentTypeFormat(ct, configSource));

  const { variables, from } = await resolveVariables(options, configSource, log);
  const fields = sampleFields(
    variables,
    {
      numeric: config?.default_numeric_value ?? DEFAULT_NUMERIC_VALUE,
      text: config?.default_text_value ?? DEFAULT_TEXT_VALUE,
      fields: config?.field_defaults ?? {},
    },
    configSource,
  );

  const custom = normalizeKeys(config?.custom_payloads ?? {});
  const strays = Object.keys(custom).filter((ct) => !contentTypes.includes(ct));
  if (strays.length > 0) {
    throw new ScriptError(`${configSource}.custom_payloads: content type(s) ${strays.join(', ')} are not in the content types (${contentTypes.join(', ')})`);
  }
  const issues: Issue[] = [];
  const files = contentTypes.map((ct, i) => {
    const format = formats[i]!;
    const own = custom[ct];
    if (own !== undefined) {
      for (const issue of format.check(own, variables)) {
        issues.push({ path: [`${configSource}.custom_payloads["${ct}"]`, issue.path].filter(Boolean).join('.'), message: issue.message });
      }
      log(`using the custom ${ct} sample from ${configSource}`);
    }
    return { name: sampleFileName(ct, i, format), source: Buffer.from(own ?? format.render(fields), 'utf8') };
  });
  if (issues.length > 0) throw new ScriptError(`${configSource}: custom payload does not match the ${variables.length} input fields`, issues);

  const output = await prepareOutput(options.outDir, PAYLOAD_ARCHIVE_NAME, options.model ? [options.model] : []);
  const result = await createArchive({ output, files });
  return {
    ...withRate({
      output: result.output,
      entries: result.entries,
      bytesIn: result.bytesIn,
      bytesOut: result.bytesOut,
      seconds: (performance.now() - started) / 1000,
      method: result.method,
      injected: files.map((f) => f.name),
      replaced: [],
    }),
    files: files.map((f) => f.name),
    contentTypes,
    variables,
    variablesFrom: from,
  };
}

function normalizeKeys(table: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k.trim().toLowerCase(), v]));
}

function checkContentTypes(list: string[], source: string): string[] {
  const normalized = list.map((ct) => ct.trim().toLowerCase()).filter((ct) => ct !== '');
  if (normalized.length === 0) throw new ScriptError(`${source}: no content types given`);
  const twice = normalized.filter((ct, i) => normalized.indexOf(ct) !== i);
  if (twice.length > 0) throw new ScriptError(`${source}: content type ${twice[0]} is listed twice`);
  return normalized;
}

async function resolveVariables(
  { model, config, limits, trustIndex }: GeneratePayloadsOptions,
  configSource: string,
  log: (line: string) => void,
): Promise<{ variables: Variable[]; from: string }> {
  if (config?.input_variable_list !== undefined) {
    if (model !== undefined && !existsSync(model)) throw new ScriptError(`model: ${model} does not exist`);
    const variables = normalizeVariableList(config.input_variable_list, `${configSource}.input_variable_list`);
    log(`${variables.length} input field(s) from ${configSource}.input_variable_list`);
    return { variables, from: `${configSource}.input_variable_list` };
  }
  const hp = model === undefined ? undefined : await readModelHyperparameters(model, { limits, trustIndex, log });
  const variables = hp ? variablesFromHyperparameters(hp.values, hp.source) : undefined;
  if (!hp || !variables) {
    const hpPart = !model
      ? 'no model was given'
      : !hp
        ? `the model ${model} has no hyperparameters.json`
        : `${hp.source} has none of tab_field_list, cat_field_list, full_field_list`;
    const configPart = config ? `${configSource} has no input_variable_list` : 'no payload config was given';
    throw new ScriptError(`no input fields: ${configPart} and ${hpPart}`);
  }
  log(`${variables.length} input field(s) from ${hp.source}`);
  return { variables, from: hp.source };
}
