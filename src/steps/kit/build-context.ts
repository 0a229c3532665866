/**
 * What a step builder receives and returns. A builder turns one DAG node's config and its
 * resolved inputs into one definition step; everything pipeline-wide comes in the context.
 */
import type { BasePipelineConfig, WithDerived } from '../../config/base-config.js';
import type { LoadedConfig } from '../../config/registry.js';
import type { Value } from '../../dsl/expressions.js';
import type { Issue } from '../../errors.js';
import type { Step } from '../../dsl/step.js';
import type { AssetCollector } from './assets.js';
import type { StepDefinition } from './define-step.js';
import type { PipelineParameters } from './parameters.js';

/** `C` is the step's parsed config (the context holds it with its derived fields). */
export interface BuildContext<C extends object = BasePipelineConfig> {
  /** The DAG node name, which is the definition step name. */
  stepName: string;
  config: WithDerived<C>;
  /** Resolved inputs: logical input name -> the producer property feeding it. */
  inputs: Readonly<Record<string, Value>>;
  /** For each resolved input, the producing step's name. */
  inputProducers: Readonly<Record<string, string>>;
  /** Every DAG node's loaded config (for steps that need a sibling's facts, like registration). */
  configs: Readonly<Record<string, LoadedConfig>>;
  /** Every DAG node's step definition (what a step type declares of itself, e.g. `writesOwnArchive`). */
  definitions: Readonly<Record<string, StepDefinition>>;
  pipelineName: string;
  parameters: PipelineParameters;
  assets: AssetCollector;
  /** Package root holding `dist/scripts/` (for the script bundles). */
  packageRoot: string;
  /**
   * Node scripts run the host's `node` (`compile --local`) instead of carrying the pinned
   * runtime as the input `runtime` (the default: what runs on AWS).
   */
  hostNode?: boolean;
}

export interface BuildResult {
  step: Step;
  /** For registration steps: the STEP_CONFIG `fillExecutionDocument` writes. */
  executionConfig?: Record<string, unknown>;
  /** Where the step is built differently from what cursus would build, on purpose (printed as notices). */
  notices?: Issue[];
}
