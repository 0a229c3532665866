/** The data-load step type: its config schema, specification, script contract and builder. */
export * from './config.js';
export * from './contract.js';
export { DATA_LOAD_SPEC } from './spec.js';
export { dataLoadBuilder } from './builder.js';
