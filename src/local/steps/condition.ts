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

const equals = (a: Json, b: Json) => a === b || (typeof a !== 'object' && String(a) === String(b) && Number(a) === Number(b));

/** Comparisons: numbers, or both ISO 8601 date-times (Execution.StartDateTime and the like). */
const COMPARE: Record<string, (a: Json, b: Json, where: string) => boolean> = {
  Equals: (a, b) => equals(a, b),
  NotEquals: (a, b) => !equals(a, b),
  GreaterThan: (a, b, w) => order(a, b, w) > 0,
  GreaterThanOrEqualTo: (a, b, w) => order(a, b, w) >= 0,
  LessThan: (a, b, w) => order(a, b, w) < 0,
  LessThanOrEqualTo: (a, b, w) => order(a, b, w) <= 0,
};

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function order(a: Json, b: Json, where: string): number {
  const na = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a) : NaN;
  const nb = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : NaN;
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  if (typeof a === 'string' && typeof b === 'string' && ISO_DATE_TIME.test(a) && ISO_DATE_TIME.test(b)) {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    if (Number.isFinite(ta) && Number.isFinite(tb)) return ta - tb;
  }
  throw new LocalRunError(`${where}: cannot compare ${JSON.stringify(a)} with ${JSON.stringify(b)} (both must be numbers, or both ISO 8601 date-times)`);
}

/** Evaluates one (already resolved) condition object. */
export function holds(c: Json, where: string): boolean {
  const cond = c as JsonObject;
  const type = typeof cond?.Type === 'string' ? cond.Type : '';
  const cmp = COMPARE[type];
  if (cmp) return cmp(cond.LeftValue ?? null, cond.RightValue ?? null, `${where} (${type})`);
  if (type === 'In' || type === 'NotIn') {
    const values = Array.isArray(cond.Values) ? cond.Values : [];
    const found = values.some((v) => equals(cond.QueryValue ?? null, v));
    return type === 'In' ? found : !found;
  }
  // The dsl and the schema write the negated condition as `Condition`, the Python SDK as `Expression`.
  if (type === 'Not') {
    const key = cond.Condition !== undefined ? 'Condition' : 'Expression';
    if (cond[key] === undefined) throw new LocalRunError(`${where}: a Not condition needs its Condition`);
    return !holds(cond[key]!, `${where}.${key}`);
  }
  if (type === 'Or') {
    const list = Array.isArray(cond.Conditions) ? cond.Conditions : [];
    return list.some((x, i) => holds(x, `${where}.Conditions[${i}]`));
  }
  throw new LocalRunError(`${where}: condition type ${JSON.stringify(cond?.Type)} is not supported locally`);
}
