/**
 * What a step builder receives and returns. A builder turns one DAG node's config and its
 * resolved inputs into one definition step; everything pipeline-wide comes in the context.
 */
import type { LoadedConfig, StepConfigByType, StepType } from '../../config/registry.js';
import type { WithDerived } from '../../config/base-config.js';
import type { Value } from '../../dsl/expressions.js';
import type { Step } from '../../dsl/step.js';
import type { ScriptContract } from '../../spec/contract.js';
import type { StepSpecification } from '../../spec/specification.js';
import type { AssetCollector } from './assets.js';
import type { PipelineParameters } from './parameters.js';

export interface BuildContext<T extends StepType = StepType> {
  /** The DAG node name, which is the definition step name. */
  stepName: string;
  config: WithDerived<StepConfigByType[T]>;
  /** Resolved inputs: logical input name -> the producer property feeding it. */
  inputs: Readonly<Record<string, Value>>;
  /** For each resolved input, the producing step's name. */
  inputProducers: Readonly<Record<string, string>>;
  /** Every DAG node's loaded config (for steps that need a sibling's facts, like registration). */
  configs: Readonly<Record<string, LoadedConfig>>;
  pipelineName: string;
  parameters: PipelineParameters;
  assets: AssetCollector;
  /** Package root holding `dist/scripts/` (for the script bundles). */
  packageRoot: string;
}

export interface BuildResult {
  step: Step;
  /** For registration steps: the STEP_CONFIG `fillExecutionDocument` writes. */
  executionConfig?: Record<string, unknown>;
}

/** A step type's entry in the catalog: its spec, its contract (when it runs a script), its builder. */
export interface StepBuilder<T extends StepType = StepType> {
  stepType: T;
  spec: StepSpecification;
  contract?: ScriptContract;
  /** One line for `sagewire steps`. */
  description: string;
  build(ctx: BuildContext<T>): BuildResult;
}

/** stepType -> builder. */
export type BuilderMap = { [T in StepType]?: StepBuilder<T> };
