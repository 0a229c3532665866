import { defineContract } from '../../spec/contract.js';

/**
 * Payload (seed 003's payload config): sample requests for load-testing the model, one per
 * content type, packed as payload.tar.gz.
 */
export const PAYLOAD_CONTRACT = defineContract({
  entryPoint: 'payload.mjs',
  inputs: {
    /** A model.tar.gz or a folder; its hyperparameters.json is read when present. */
    model_input: '/opt/ml/processing/input/model',
    /** A file path, written from the config at compile time: a {@link PayloadScriptConfig}. */
    payload_config: '/opt/ml/processing/input/config/payload_config.json',
  },
  outputs: {
    payload_sample: '/opt/ml/processing/output',
  },
  requiredEnv: [],
  /** Set by the compiler when the model comes from a step whose archive sagewire wrote (steps/kit/own-archive.ts). */
  optionalEnv: { SAGEWIRE_TRUST_APPEND_INDEX: '' },
  frameworkRequirements: { node: '>=20' },
  description: 'Generates sample payloads per content type into payload.tar.gz',
});

/** A variable list: `{name: type}` or `[[name, type], ...]`, type NUMERIC or TEXT. */
export type VariableList = Record<string, 'NUMERIC' | 'TEXT'> | Array<[string, 'NUMERIC' | 'TEXT']>;

/** The JSON the payload builder writes at compile time and the payload script reads. */
export interface PayloadScriptConfig {
  /** e.g. ["text/csv", "application/json"] */
  content_types: string[];
  /** When absent, the field names come from the model's hyperparameters.json. */
  input_variable_list?: VariableList;
  default_numeric_value?: number;
  default_text_value?: string;
  /** Per-field values that override the defaults. */
  field_defaults?: Record<string, string | number>;
  /** A user-provided sample per content type, validated against the variable list. */
  custom_payloads?: Record<string, string>;
}
