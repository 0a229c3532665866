/**
 * What the local runner does with each SageMaker step kind: how it runs, what its report
 * shows it read and wrote, what it refuses before the run, which properties its record holds,
 * and which part of its Arguments is evaluated before it runs. Keyed by the dsl's kinds
 * (dsl/step-kinds.ts, which says whether a kind is cacheable and which paths it exposes): a
 * kind added there and not here fails type-checking; a definition naming a kind neither
 * knows is refused before anything runs.
 */
import { STEP_KINDS, stepKind, type StepKind, type StepKindName } from '../dsl/step-kinds.js';
import type { Json, StepDef } from './definition.js';
import type { StepContext, StepOutcome } from './step-context.js';
import { modelIo, noIo, processingIo, registerModelIo, trainingIo, type StepIoOf } from './step-io.js';
import { anyShape, checkProcessingShape, checkTrainingShape, type ShapeCheck } from './step-shapes.js';
import { runCondition } from './steps/condition.js';
import { runFail } from './steps/fail.js';
import { runModel } from './steps/model.js';
import { runProcessing } from './steps/processing.js';
import { runRegisterModel } from './steps/register-model.js';
import { runTraining } from './steps/training.js';

export interface LocalStepKind {
  run(ctx: StepContext): Promise<StepOutcome>;
  /** The data locations for the report, from the resolved arguments (and the record once it ran). */
  io: StepIoOf;
  /** Reasons the runner cannot run this step, found before anything runs. */
  checkShape: ShapeCheck;
  /**
   * The top-level properties the step's record holds: a Get of another property of the kind
   * is refused before the run ("not supported locally"). Each is a property of the kind.
   */
  record: readonly string[];
  /** The part of the step's Arguments evaluated before it runs (a Condition's branches are steps, not values). */
  evaluated(def: StepDef): Json;
}

const allArguments = (def: StepDef): Json => def.Arguments ?? {};

export const LOCAL_STEP_KINDS: { readonly [K in StepKindName]: LocalStepKind } = {
  Processing: {
    run: runProcessing,
    io: processingIo,
    checkShape: checkProcessingShape,
    record: ['ProcessingJobName', 'ProcessingJobArn', 'ProcessingJobStatus', 'ProcessingInputs', 'ProcessingOutputConfig', 'AppSpecification', 'Environment', 'ProcessingResources'],
    evaluated: allArguments,
  },
  Training: {
    run: runTraining,
    io: trainingIo,
    checkShape: checkTrainingShape,
    record: ['TrainingJobName', 'TrainingJobArn', 'TrainingJobStatus', 'ModelArtifacts', 'HyperParameters', 'OutputDataConfig', 'InputDataConfig', 'AlgorithmSpecification', 'ResourceConfig'],
    evaluated: allArguments,
  },
  Model: {
    run: runModel,
    io: modelIo,
    checkShape: anyShape,
    record: ['ModelName', 'ModelArn', 'PrimaryContainer', 'Containers', 'ExecutionRoleArn'],
    evaluated: allArguments,
  },
  RegisterModel: {
    run: runRegisterModel,
    io: registerModelIo,
    checkShape: anyShape,
    record: ['ModelPackageArn', 'ModelPackageName', 'ModelPackageGroupName', 'ModelPackageVersion', 'ModelApprovalStatus', 'ModelPackageStatus', 'InferenceSpecification'],
    evaluated: allArguments,
  },
  Condition: {
    run: runCondition,
    io: noIo,
    checkShape: anyShape,
    record: ['Outcome'],
    evaluated: (def) => ({ Conditions: def.Arguments?.Conditions ?? [] }),
  },
  Fail: { run: runFail, io: noIo, checkShape: anyShape, record: [], evaluated: allArguments },
};

/** A kind with both halves: the dsl's facts and the runner's behaviour. */
export type RunnableStepKind = StepKind & LocalStepKind;

const RUNNABLE = new Map<StepKindName, RunnableStepKind>(
  (Object.keys(LOCAL_STEP_KINDS) as StepKindName[]).map((k) => [k, { ...STEP_KINDS[k], ...LOCAL_STEP_KINDS[k] }]),
);

/** The kind of a wire `Type` (aliases resolved); an unknown one throws UnknownStepKindError. */
export function localStepKind(type: string, where?: string): RunnableStepKind {
  return RUNNABLE.get(stepKind(type, where).type)!;
}
