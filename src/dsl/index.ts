/** The typed model of the SageMaker pipeline definition (Version 2020-12-01). */
export * from './expressions.js';
export { renderValue, renderValueMap, type Json, type ReferenceSink } from './render-value.js';
export * from './parameters.js';
export * from './step.js';
export * from './step-kinds.js';
export type { NetworkProps } from './network.js';
export { renderDependsOn, renderCacheConfig, renderRetryPolicies } from './render-common.js';
export * from './steps/processing-step.js';
export * from './steps/training-step.js';
export * from './steps/model-step.js';
export * from './steps/register-model-step.js';
export * from './steps/condition-step.js';
export * from './steps/fail-step.js';
export * from './pipeline.js';
export * from './parse-value.js';
