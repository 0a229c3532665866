/** The tabular-preprocessing step type: its config schema, specification, script contract and builder. */
export * from './config.js';
export * from './contract.js';
export { TABULAR_PREPROCESSING_SPEC } from './spec.js';
export { tabularPreprocessingBuilder } from './builder.js';
