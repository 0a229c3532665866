/** The data-load step type: its step definition (config class, spec, contract, builder), and its parts. */
export * from './config.js';
export * from './contract.js';
export { DATA_LOAD_SPEC } from './spec.js';
export { dataLoadStep } from './builder.js';
