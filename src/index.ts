/**
 * sagewire's public API. Hand-picked: what a user composes a pipeline from.
 * The running half has its own entry points (`sagewire/inventory`, `sagewire/local`).
 */
export * from './errors.js';
export type { ScriptContract } from './spec/contract.js';

// The step graph and the configs
export { PipelineDAG, loadDagFile, type DagJson } from './dag/index.js';
export {
  BasePipelineConfig,
  ProcessingStepConfigBase,
  fromBaseConfig,
  withDerivedFields,
  validateConfig,
  type BasePipelineConfigInput,
  type ConfigClass,
  type ConfigClassTable,
  type ConfigSchema,
  type DerivedFields,
  type LoadedConfig,
  type WithDerived,
} from './config/index.js';
export type { ConfigFileContents } from './config/file/read-config-file.js';
export type { ConfigToSave } from './config/file/save-config-file.js';

// The step types
export * from './steps/index.js';

// Compiling: DAG + configs -> definition
export { compile, createTemplate, type CompileOptions } from './compile/compile.js';
export { PipelineBuilderTemplate, fillExecutionDocumentFrom, type CompileResult, type TemplateProps } from './compile/template.js';
export { validatePipeline, type ValidationReport } from './compile/validate.js';
export { writeCompileResult } from './compile/write-output.js';
export { sanitizePipelineName } from './compile/pipeline-name.js';

// Specifications and wiring
export { defineContract, PROCESSING_CODE_DIR } from './spec/contract.js';
export {
  defineSpec,
  type DependencySpec,
  type DependencyType,
  type NodeType,
  type OutputSpec,
  type StepSpecification,
} from './spec/specification.js';
export { alignmentIssues, assertAligned } from './spec/alignment.js';
export {
  resolveDependencies,
  assertResolved,
  type ResolutionReport,
  type WiringDecision,
  type UnmatchedInput,
  type ResolverNode,
} from './resolve/resolver.js';

// The definition model
export {
  Pipeline,
  ProcessingStep,
  TrainingStep,
  ModelStep,
  RegisterModelStep,
  ConditionStep,
  FailStep,
  Step,
  parameterRef,
  stepProperty,
  executionVariable,
  join,
  jsonGet,
  stringParameter,
  integerParameter,
  floatParameter,
  booleanParameter,
  renderValue,
  type Value,
  type Expr,
  type Parameter,
} from './dsl/index.js';

// Framework images
export { sklearnImageUri, xgboostImageUri, pytorchImageUri } from './images/index.js';
