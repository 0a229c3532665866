/** The package step type: its step definition (config class, spec, contract, builder), and its parts. */
export * from './config.js';
export * from './contract.js';
export { PACKAGE_SPEC } from './spec.js';
export { packageStep } from './builder.js';
