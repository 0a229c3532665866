/** A Fail step: stops the run with its ErrorMessage. */
import { LocalRunError } from '../../errors.js';
import { stringify } from '../expressions.js';
import type { StepContext, StepOutcome } from '../step-context.js';

export async function runFail(ctx: StepContext): Promise<StepOutcome> {
  const message = stringify(ctx.args.ErrorMessage ?? '');
  throw new LocalRunError(`step ${ctx.step.name} (Fail): ${message || 'the pipeline reached a Fail step'}`);
}
