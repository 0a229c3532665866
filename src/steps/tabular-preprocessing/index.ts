/** The tabular-preprocessing step type: its step definition (config class, spec, contract, builder), and its parts. */
export * from './config.js';
export * from './contract.js';
export { TABULAR_PREPROCESSING_SPEC } from './spec.js';
export { tabularPreprocessingStep } from './builder.js';
