/** The registration step type: its step definition (config class, spec, contract, builder), and its parts. */
export * from './config.js';
export * from './contract.js';
export { REGISTRATION_SPEC } from './spec.js';
export { registrationStep } from './builder.js';
