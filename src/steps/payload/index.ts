/** The payload step type: its config schema, specification, script contract and builder. */
export * from './config.js';
export * from './contract.js';
export { PAYLOAD_SPEC } from './spec.js';
export { payloadBuilder } from './builder.js';
