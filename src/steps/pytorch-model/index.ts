/** The pytorch-model step type: its config schema, specification, script contract and builder. */
export * from './config.js';
export { PYTORCH_MODEL_SPEC } from './spec.js';
export { pytorchModelBuilder } from './builder.js';
