/**
 * Evaluates the values of a definition: each expression is read by the dsl's inverse of render
 * (`parseExpression`: `Get` of parameters, execution variables and step properties,
 * `Std:Join`, `Std:JsonGet`) and evaluated by its kind; and finds the expressions a value holds
 * without evaluating it (for data edges and the pre-run check).
 */
import { LocalRunError } from '../errors.js';
import type { Expr } from '../dsl/expressions.js';
import { parseExpression } from '../dsl/parse-value.js';
import type { Json, JsonObject } from './definition.js';
import { jsonGetPath, parsePropertyPath, resolveSegments } from './property-path.js';

/** What a value can refer to while a run is under way. */
export interface EvalScope {
  parameters: Record<string, Json>;
  execution: Record<string, Json>;
  /** The describe-shaped record of a finished step; undefined when it has not run. */
  stepRecord(step: string): JsonObject | undefined;
  /** Reads a step's property file (parsed JSON). */
  propertyFile(step: string, file: string): Promise<Json>;
  /** Cache-key mode: execution variables stay symbolic so runs can share results. */
  symbolicExecution?: boolean;
  /** Names of the Float parameters: they join as floats (`0.0`, not `0`), as the Python SDK prints them. */
  floatParameters?: ReadonlySet<string>;
}

/** An expression found in a value (as the dsl reads it), or one the dsl does not model. */
export type FoundRef = { kind: 'expr'; expr: Expr } | { kind: 'unknown'; what: string; hint?: string };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every expression a value holds, in document order (a Join's values after the Join). */
export function findRefs(value: Json | undefined, out: FoundRef[] = []): FoundRef[] {
  const parsed = parseExpression(value);
  if (parsed?.kind === 'unknown') {
    out.push(parsed);
    return out;
  }
  if (parsed?.kind === 'expr') {
    const visit = (e: Expr) => {
      out.push({ kind: 'expr', expr: e });
      if (e.kind === 'join') for (const v of e.values) if (typeof v === 'object') visit(v);
    };
    visit(parsed.expr);
    return out;
  }
  if (Array.isArray(value)) for (const v of value) findRefs(v, out);
  else if (isObject(value)) for (const v of Object.values(value)) findRefs(v, out);
  return out;
}

/** The steps a value reads from. */
export function referencedSteps(value: Json | undefined): string[] {
  const steps = new Set<string>();
  for (const r of findRefs(value)) {
    if (r.kind === 'expr' && (r.expr.kind === 'step-property' || r.expr.kind === 'json-get')) steps.add(r.expr.step);
  }
  return [...steps];
}

/** Evaluates a value: every expression (as the dsl reads it) replaced by what it stands for. */
export async function evaluate(value: Json | undefined, scope: EvalScope, where: string): Promise<Json> {
  if (value === undefined) return null;
  const parsed = parseExpression(value);
  if (parsed?.kind === 'unknown') throw new LocalRunError(`${where}: ${parsed.what} is not supported locally${parsed.hint ? `; ${parsed.hint}` : ''}`);
  if (parsed?.kind === 'expr') return evaluateExpr(parsed.expr, scope, where);
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const v of value) out.push(await evaluate(v, scope, where));
    return out;
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = await evaluate(v, scope, `${where}.${k}`);
  return out;
}

type Evaluator<K extends Expr['kind']> = (e: Extract<Expr, { kind: K }>, scope: EvalScope, where: string) => Json | Promise<Json>;

/** One evaluator per dsl expression kind: a kind the dsl adds and the runner misses fails type-checking. */
const EVALUATORS: { [K in Expr['kind']]: Evaluator<K> } = {
  parameter: (e, scope, where) => {
    if (!(e.name in scope.parameters)) throw new LocalRunError(`${where}: unknown parameter "${e.name}" in {"Get": "Parameters.${e.name}"}`);
    return scope.parameters[e.name]!;
  },
  'execution-variable': (e, scope, where) => {
    if (!(e.name in scope.execution)) throw new LocalRunError(`${where}: execution variable "${e.name}" is not supported locally`);
    return scope.symbolicExecution ? `\${Execution.${e.name}}` : scope.execution[e.name]!;
  },
  'step-property': (e, scope, where) => {
    const get = `Steps.${e.step}.${e.path}`;
    const segments = parsePropertyPath(e.path);
    if (!segments) throw new LocalRunError(`${where}: cannot parse property reference "${get}"`);
    const record = scope.stepRecord(e.step);
    if (!record) throw new LocalRunError(`${where}: {"Get": "${get}"} reads step "${e.step}", which has not run`);
    const v = resolveSegments(record, segments);
    if (v === undefined) throw new LocalRunError(`${where}: step "${e.step}" has no property ${e.path} (from {"Get": "${get}"})`);
    return v;
  },
  join: async (e, scope, where) => {
    const parts: string[] = [];
    for (const v of e.values) {
      if (typeof v !== 'object') {
        parts.push(stringify(v));
        continue;
      }
      const value = await evaluateExpr(v, scope, where);
      parts.push(v.kind === 'parameter' && scope.floatParameters?.has(v.name) && typeof value === 'number' ? floatText(value) : stringify(value));
    }
    return parts.join(e.on);
  },
  'json-get': async (e, scope, where) => {
    const doc = await scope.propertyFile(e.step, e.propertyFile);
    const v = jsonGetPath(doc, e.path);
    if (v === undefined) throw new LocalRunError(`${where}: property file ${e.propertyFile} of step "${e.step}" has nothing at path "${e.path}"`);
    return v;
  },
};

function evaluateExpr(e: Expr, scope: EvalScope, where: string): Json | Promise<Json> {
  return (EVALUATORS[e.kind] as Evaluator<Expr['kind']>)(e, scope, where);
}

/** A float as Python prints it: an integral value keeps `.0`. */
export function floatText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? n.toFixed(1) : String(n);
}

/** How SageMaker turns a value into text inside Std:Join. */
export function stringify(v: Json): string {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
