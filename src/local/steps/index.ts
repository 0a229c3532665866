/** The executor of each step type the local runner supports. */
import type { StepContext, StepOutcome } from '../step-context.js';
import { runCondition } from './condition.js';
import { runFail } from './fail.js';
import { runModel } from './model.js';
import { runProcessing } from './processing.js';
import { runRegisterModel } from './register-model.js';
import { runTraining } from './training.js';

export const EXECUTORS: Record<string, (ctx: StepContext) => Promise<StepOutcome>> = {
  Processing: runProcessing,
  Training: runTraining,
  Model: runModel,
  RegisterModel: runRegisterModel,
  Condition: runCondition,
  Fail: runFail,
};

/** Step types whose results may be cached (the others have no work to save or are side effects). */
export const CACHEABLE = new Set(['Processing', 'Training']);
