/** A RegisterModel step: hands the model package to the configured registrar (the inventory). */
import { LocalRunError } from '../../errors.js';
import type { StepContext, StepOutcome } from '../step-context.js';

export async function runRegisterModel(ctx: StepContext): Promise<StepOutcome> {
  if (!ctx.registrar) {
    throw new LocalRunError(
      `step ${ctx.step.name}: a RegisterModel step needs a model inventory; run with --embedded-inventory or --inventory <url>`,
    );
  }
  const record = await ctx.registrar(ctx.args, ctx.step.name);
  return { record, outputs: [] };
}
