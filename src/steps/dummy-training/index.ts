/** The dummy-training step type: its step definition (config class, spec, contract, builder), and its parts. */
export * from './config.js';
export * from './contract.js';
export { DUMMY_TRAINING_SPEC } from './spec.js';
export { dummyTrainingStep } from './builder.js';
