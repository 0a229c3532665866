/** The pytorch-model step type: its step definition (config class, spec, contract, builder), and its parts. */
export * from './config.js';
export { PYTORCH_MODEL_SPEC } from './spec.js';
export { pytorchModelStep } from './builder.js';
