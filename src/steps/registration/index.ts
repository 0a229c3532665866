/** The registration step type: its config schema, specification, script contract and builder. */
export * from './config.js';
export * from './contract.js';
export { REGISTRATION_SPEC } from './spec.js';
export { registrationBuilder } from './builder.js';
