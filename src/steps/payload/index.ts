/** The payload step type: its step definition (config class, spec, contract, builder), and its parts. */
export * from './config.js';
export * from './contract.js';
export { PAYLOAD_SPEC } from './spec.js';
export { payloadStep } from './builder.js';
