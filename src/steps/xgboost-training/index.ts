/** The xgboost-training step type: its step definition (config class, spec, contract, builder), and its parts. */
export * from './config.js';
export * from './contract.js';
export { XGBOOST_TRAINING_SPEC } from './spec.js';
export { xgboostTrainingStep } from './builder.js';
