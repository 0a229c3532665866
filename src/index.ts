/**
 * sagewire's public API. Hand-picked: what a user composes a pipeline from, including their
 * own step types (`defineStep` and the builders' kit). The running half has its own entry
 * points: `sagewire/local`, `sagewire/report`, `sagewire/inventory`, `sagewire/aws` (deploy).
 */
export * from './errors.js';

// The step graph and the configs
export { PipelineDAG, loadDagFile, type DagJson } from './dag/index.js';
export {
  BasePipelineConfig,
  ProcessingStepConfigBase,
  basePipelineShape,
  processingShape,
  trainingShape,
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

// The step types, and the kit every builder (sagewire's and yours) is made of
export * from './steps/index.js';
export { AssetCollector } from './steps/kit/assets.js';
export { pipelineParameters, type PipelineParameters } from './steps/kit/parameters.js';
export { PACKAGE_ROOT, scriptBundlePath } from './steps/kit/package-root.js';
export {
  cacheOf,
  contractOutputs,
  networkOf,
  outputDestination,
  processingImage,
  processingStep,
  type ProcessingParts,
} from './steps/kit/processing.js';
export { nodeScriptCode, type ScriptCode } from './steps/kit/node-script.js';
export { trainingStep } from './steps/kit/training.js';
export { channelOf, trainingContract, trainingSpec } from './steps/kit/training-contract.js';
export type { Asset, AssetManifest } from './assets/manifest.js';
export type { ObjectStore, ObjectInfo, PutOptions } from './store/object-store.js';

// Compiling: DAG + configs -> definition
export { compile, createTemplate, type CompileOptions } from './compile/compile.js';
export { PipelineBuilderTemplate, fillExecutionDocumentFrom, type CompileResult, type TemplateProps } from './compile/template.js';
export { validatePipeline, type ValidationReport } from './compile/validate.js';
export { writeCompileResult } from './compile/write-output.js';
export { sanitizePipelineName } from './compile/pipeline-name.js';

// Specifications and wiring
export { defineContract, PROCESSING_CODE_DIR, type ScriptContract } from './spec/contract.js';
export * from './spec/specification.js';
export type { SageMakerStepType } from './spec/property-paths.js';
export { alignmentIssues, assertAligned } from './spec/alignment.js';
export {
  resolveDependencies,
  assertResolved,
  type ResolutionReport,
  type WiringDecision,
  type UnmatchedInput,
  type ResolverNode,
} from './resolve/resolver.js';

// The definition model (its own StepType, the SageMaker step kinds, is `SageMakerStepType` here)
export * from './dsl/index.js';
export type { StepType } from './steps/index.js';

// Framework images
export { sklearnImageUri, xgboostImageUri, pytorchImageUri, type ImageRequest } from './images/index.js';
