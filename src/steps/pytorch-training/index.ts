/** The pytorch-training step type: its config schema, specification, script contract and builder. */
export * from './config.js';
export * from './contract.js';
export { PYTORCH_TRAINING_SPEC } from './spec.js';
export { pytorchTrainingBuilder } from './builder.js';
