/**
 * `sagewire/local`: run a SageMaker pipeline definition on this machine — no AWS, no Docker.
 * Each step runs in a bubblewrap sandbox whose /opt/ml is the step's own folder.
 */
export { runPipeline, type LocalRunOptions } from './runner.js';
export { runPipelineFile, type RunFileOptions, type RunFileResult } from './run-file.js';
export { loadDefinition, checkDefinition, flattenSteps, type PipelineDefinition, type StepDef, type Json, type JsonObject } from './definition.js';
export { planRun, type RunPlan, type PlannedStep } from './plan.js';
export { LOCAL_STEP_KINDS, localStepKind, type LocalStepKind, type RunnableStepKind } from './step-kinds.js';
export { parseParamArgs, resolveParameters } from './parameters.js';
export { evaluate, findRefs, referencedSteps, type EvalScope } from './expressions.js';
export { bwrapAvailable, type SandboxMode } from './sandbox.js';
export { cacheKey, parseIsoDuration, StepCache, type CacheEntry } from './cache.js';
export type { RunSummary, StepReport, StepEvent, StepStatus, StepIo } from './run-types.js';
export type { ModelPackageRegistrar, ExecutionInfo } from './step-context.js';
export { inventoryModelPackageRegistrar, registrationRequestFor } from './model-package-registrar.js';
export { plainProgress, ttyProgress, formatDuration, type ProgressSink } from './progress.js';
export { formatRunSummary } from './summary-text.js';
export type { ObjectStore, ObjectInfo, PutOptions } from '../store/object-store.js';
