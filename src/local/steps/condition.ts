/**
 * A Condition step: every condition of `Conditions` must hold (SageMaker ANDs them).
 * Its record is `{ Outcome: boolean }`; the runner skips the branch not taken.
 */
import { LocalRunError } from '../../errors.js';
import type { Json, JsonObject } from '../definition.js';
import type { StepContext, StepOutcome } from '../step-context.js';

export async function runCondition(ctx: StepContext): Promise<StepOutcome> {
  const conditions = ctx.args.Conditions;
  if (!Array.isArray(conditions)) throw new LocalRunError(`step ${ctx.step.name}: Conditions must be a list`);
  const outcome = conditions.every((c, i) => holds(c, `step ${ctx.step.name}: Conditions[${i}]`));
  ctx.log(`condition ${ctx.step.name} is ${outcome}`);
  return { record: { Outcome: outcome }, outputs: [] };
}

const COMPARE: Record<string, (a: Json, b: Json) => boolean> = {
  Equals: (a, b) => a === b || (typeof a !== 'object' && String(a) === String(b) && Number(a) === Number(b)),
  GreaterThan: (a, b) => num(a) > num(b),
  GreaterThanOrEqualTo: (a, b) => num(a) >= num(b),
  LessThan: (a, b) => num(a) < num(b),
  LessThanOrEqualTo: (a, b) => num(a) <= num(b),
};

function num(v: Json): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (typeof v === 'object' || !Number.isFinite(n)) throw new LocalRunError(`cannot compare ${JSON.stringify(v)} as a number`);
  return n;
}

/** Evaluates one (already resolved) condition object. */
export function holds(c: Json, where: string): boolean {
  const cond = c as JsonObject;
  const type = typeof cond?.Type === 'string' ? cond.Type : '';
  const cmp = COMPARE[type];
  if (cmp) return cmp(cond.LeftValue ?? null, cond.RightValue ?? null);
  if (type === 'In') {
    const values = Array.isArray(cond.Values) ? cond.Values : [];
    return values.some((v) => COMPARE.Equals!(cond.QueryValue ?? null, v));
  }
  if (type === 'Not') return !holds(cond.Expression ?? null, `${where}.Expression`);
  if (type === 'Or') {
    const list = Array.isArray(cond.Conditions) ? cond.Conditions : [];
    return list.some((x, i) => holds(x, `${where}.Conditions[${i}]`));
  }
  throw new LocalRunError(`${where}: condition type ${JSON.stringify(cond?.Type)} is not supported locally`);
}
