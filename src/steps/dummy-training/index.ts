/** The dummy-training step type: its config schema, specification, script contract and builder. */
export * from './config.js';
export * from './contract.js';
export { DUMMY_TRAINING_SPEC } from './spec.js';
export { dummyTrainingBuilder } from './builder.js';
