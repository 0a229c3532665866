/**
 * Evaluates the values of a definition: `{"Get": ...}` references (parameters, execution
 * variables, step properties), `Std:Join` and `Std:JsonGet`; and finds the references a
 * value holds without evaluating it (for data edges and the pre-run check).
 */
import { LocalRunError } from '../errors.js';
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

/** A reference found in a value, for edges and checks. */
export type FoundRef =
  | { kind: 'get'; path: string }
  | { kind: 'property-file'; step: string; file: string }
  | { kind: 'function'; name: string }
  | { kind: 'json-get-s3' };

const FUNCTIONS = new Set(['Std:Join', 'Std:JsonGet']);

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every Get, property file and function a value uses, in document order. */
export function findRefs(value: Json | undefined, out: FoundRef[] = []): FoundRef[] {
  if (Array.isArray(value)) {
    for (const v of value) findRefs(v, out);
  } else if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Get' && typeof value.Get === 'string') {
      out.push({ kind: 'get', path: value.Get });
      return out;
    }
    if (keys.length === 1 && keys[0]!.startsWith('Std:')) {
      out.push({ kind: 'function', name: keys[0]! });
      const body = value[keys[0]!];
      if (keys[0] === 'Std:JsonGet' && isObject(body)) {
        const pf = body.PropertyFile;
        const m = isObject(pf) && typeof pf.Get === 'string' ? /^Steps\.([^.]+)\.PropertyFiles\.(.+)$/.exec(pf.Get) : null;
        if (m) out.push({ kind: 'property-file', step: m[1]!, file: m[2]! });
        else findRefs(pf, out);
        if (body.S3Uri !== undefined) out.push({ kind: 'json-get-s3' });
        findRefs(body.S3Uri, out);
        findRefs(body.Path, out);
        return out;
      }
      findRefs(body, out);
      return out;
    }
    for (const v of Object.values(value)) findRefs(v, out);
  }
  return out;
}

/** The steps a value reads from. */
export function referencedSteps(value: Json | undefined): string[] {
  const steps = new Set<string>();
  for (const r of findRefs(value)) {
    if (r.kind === 'property-file') steps.add(r.step);
    if (r.kind === 'get') {
      const m = /^Steps\.([^.[]+)/.exec(r.path);
      if (m) steps.add(m[1]!);
    }
  }
  return [...steps];
}

/** Evaluates a value: every reference and function replaced by what it stands for. */
export async function evaluate(value: Json | undefined, scope: EvalScope, where: string): Promise<Json> {
  if (value === undefined) return null;
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const v of value) out.push(await evaluate(v, scope, where));
    return out;
  }
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Get' && typeof value.Get === 'string') return resolveGet(value.Get, scope, where);
  if (keys.length === 1 && keys[0] === 'Std:Join') return evalJoin(value['Std:Join'], scope, where);
  if (keys.length === 1 && keys[0] === 'Std:JsonGet') return evalJsonGet(value['Std:JsonGet'], scope, where);
  if (keys.length === 1 && keys[0]!.startsWith('Std:') && !FUNCTIONS.has(keys[0]!)) {
    throw new LocalRunError(`${where}: function ${keys[0]} is not supported locally`);
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = await evaluate(v, scope, `${where}.${k}`);
  return out;
}

function resolveGet(path: string, scope: EvalScope, where: string): Json {
  const dot = path.indexOf('.');
  const root = path.slice(0, dot);
  const rest = path.slice(dot + 1);
  if (root === 'Parameters') {
    if (!(rest in scope.parameters)) throw new LocalRunError(`${where}: unknown parameter "${rest}" in {"Get": "${path}"}`);
    return scope.parameters[rest]!;
  }
  if (root === 'Execution') {
    if (!(rest in scope.execution)) {
      throw new LocalRunError(`${where}: execution variable "${rest}" is not supported locally`);
    }
    return scope.symbolicExecution ? `\${Execution.${rest}}` : scope.execution[rest]!;
  }
  if (root === 'Steps') {
    const m = /^([^.[]+)\.(.+)$/.exec(rest);
    const segments = m ? parsePropertyPath(m[2]!) : undefined;
    if (!m || !segments) throw new LocalRunError(`${where}: cannot parse property reference "${path}"`);
    const record = scope.stepRecord(m[1]!);
    if (!record) throw new LocalRunError(`${where}: {"Get": "${path}"} reads step "${m[1]}", which has not run`);
    const v = resolveSegments(record, segments);
    if (v === undefined) throw new LocalRunError(`${where}: step "${m[1]}" has no property ${m[2]} (from {"Get": "${path}"})`);
    return v;
  }
  throw new LocalRunError(`${where}: {"Get": "${path}"} is not supported locally`);
}

async function evalJoin(body: Json | undefined, scope: EvalScope, where: string): Promise<string> {
  if (!isObject(body) || !Array.isArray(body.Values)) {
    throw new LocalRunError(`${where}: Std:Join needs {"On": string, "Values": [...]}`);
  }
  const on = typeof body.On === 'string' ? body.On : '';
  const parts: string[] = [];
  for (const v of body.Values) {
    const value = await evaluate(v, scope, where);
    const param = isObject(v) && typeof v.Get === 'string' && v.Get.startsWith('Parameters.') ? v.Get.slice('Parameters.'.length) : undefined;
    parts.push(param && scope.floatParameters?.has(param) && typeof value === 'number' ? floatText(value) : stringify(value));
  }
  return parts.join(on);
}

async function evalJsonGet(body: Json | undefined, scope: EvalScope, where: string): Promise<Json> {
  if (!isObject(body) || typeof body.Path !== 'string') {
    throw new LocalRunError(`${where}: Std:JsonGet needs {"PropertyFile": ..., "Path": string}`);
  }
  const pf = body.PropertyFile;
  const m = isObject(pf) && typeof pf.Get === 'string' ? /^Steps\.([^.]+)\.PropertyFiles\.(.+)$/.exec(pf.Get) : null;
  if (!m) throw new LocalRunError(`${where}: Std:JsonGet without a {"Get": "Steps.<step>.PropertyFiles.<name>"} is not supported locally`);
  const doc = await scope.propertyFile(m[1]!, m[2]!);
  const v = jsonGetPath(doc, body.Path);
  if (v === undefined) {
    throw new LocalRunError(`${where}: property file ${m[2]} of step "${m[1]}" has nothing at path "${body.Path}"`);
  }
  return v;
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
