/** The xgboost-training step type: its config schema, specification, script contract and builder. */
export * from './config.js';
export * from './contract.js';
export { XGBOOST_TRAINING_SPEC } from './spec.js';
export { xgboostTrainingBuilder } from './builder.js';
