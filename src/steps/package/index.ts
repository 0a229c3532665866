/** The package step type: its config schema, specification, script contract and builder. */
export * from './config.js';
export * from './contract.js';
export { PACKAGE_SPEC } from './spec.js';
export { packageBuilder } from './builder.js';
