/**
 * The inverse of render: wire JSON back to the dsl's expression values (`Get` of parameters,
 * execution variables and step properties, `Std:Join`, `Std:JsonGet`) and conditions. The
 * local runner evaluates what this returns; `renderValueTree(parseValueTree(json))` gives the
 * same JSON back for every definition the dsl can express.
 */
import { DefinitionError } from '../errors.js';
import { COMPARISON_TYPES, type Condition, type ComparisonType } from './steps/condition-step.js';
import {
  EXECUTION_VARIABLE_NAMES,
  executionVariable,
  join,
  jsonGet,
  parameterRef,
  stepProperty,
  type ExecutionVariableName,
  type Expr,
  type Value,
} from './expressions.js';
import { renderValue, type Json, type ReferenceSink } from './render-value.js';

/**
 * What a wire node is: an expression the dsl models, an expression it does not (`what` names
 * it, `hint` says what to use instead), or undefined for plain data (a literal, a list, an
 * object of arguments).
 */
export type ParsedNode = { kind: 'expr'; expr: Expr } | { kind: 'unknown'; what: string; hint?: string } | undefined;

const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `Steps.<step>.<path>`: the step name runs to the first `.` or `[`. */
const STEP_GET = /^Steps\.([^.[]+)\.(.+)$/;
const PROPERTY_FILE_GET = /^Steps\.([^.[]+)\.PropertyFiles\.(.+)$/;

/** Reads one node as an expression, if it is one (a lone `Get` or a lone `Std:` function). */
export function parseExpression(node: Json | undefined): ParsedNode {
  if (!isObject(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  const body = node[key];
  if (key === 'Get' && typeof body === 'string') return parseGet(body);
  if (key === 'Std:Join') return parseJoin(body);
  if (key === 'Std:JsonGet') return parseJsonGet(body);
  if (key.startsWith('Std:')) return { kind: 'unknown', what: `function ${key}` };
  return undefined;
}

function parseGet(path: string): ParsedNode {
  const dot = path.indexOf('.');
  const root = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? '' : path.slice(dot + 1);
  if (root === 'Parameters' && rest) return { kind: 'expr', expr: parameterRef(rest) };
  if (root === 'Execution') {
    if ((EXECUTION_VARIABLE_NAMES as readonly string[]).includes(rest)) return { kind: 'expr', expr: executionVariable(rest as ExecutionVariableName) };
    return { kind: 'unknown', what: `{"Get": "${path}"}: execution variable` };
  }
  if (root === 'Steps') {
    const m = STEP_GET.exec(path);
    if (m) return { kind: 'expr', expr: stepProperty(m[1]!, m[2]!) };
    return { kind: 'unknown', what: `{"Get": "${path}"}: a step property without a path` };
  }
  return { kind: 'unknown', what: `{"Get": "${path}"}` };
}

function parseJoin(body: Json | undefined): ParsedNode {
  if (!isObject(body) || !Array.isArray(body.Values) || (body.On !== undefined && typeof body.On !== 'string')) {
    return { kind: 'unknown', what: 'a Std:Join that is not {"On": string, "Values": [...]}' };
  }
  const values: Value[] = [];
  for (const v of body.Values) {
    const parsed = parseValueOrNode(v);
    if (parsed.kind !== 'value') return parsed.kind === 'unknown' ? parsed.node : { kind: 'unknown', what: `a Std:Join value ${JSON.stringify(v)}` };
    values.push(parsed.value);
  }
  return { kind: 'expr', expr: join(typeof body.On === 'string' ? body.On : '', values) };
}

function parseJsonGet(body: Json | undefined): ParsedNode {
  if (!isObject(body)) return { kind: 'unknown', what: 'a Std:JsonGet that is not an object' };
  if (body.S3Uri !== undefined) {
    return { kind: 'unknown', what: 'Std:JsonGet with S3Uri (reading a JSON object straight from S3)', hint: 'read a PropertyFile of a step instead' };
  }
  const pf = body.PropertyFile;
  const m = isObject(pf) && typeof pf.Get === 'string' ? PROPERTY_FILE_GET.exec(pf.Get) : null;
  if (!m || typeof body.Path !== 'string') {
    return { kind: 'unknown', what: 'Std:JsonGet without {"PropertyFile": {"Get": "Steps.<step>.PropertyFiles.<name>"}, "Path": string}' };
  }
  return { kind: 'expr', expr: jsonGet(m[1]!, m[2]!, body.Path) };
}

function parseValueOrNode(v: Json | undefined): { kind: 'value'; value: Value } | { kind: 'unknown'; node: ParsedNode } | { kind: 'data' } {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { kind: 'value', value: v };
  const parsed = parseExpression(v);
  if (parsed?.kind === 'expr') return { kind: 'value', value: parsed.expr };
  if (parsed?.kind === 'unknown') return { kind: 'unknown', node: parsed };
  return { kind: 'data' };
}

/** Reads a wire value (a literal or an expression); anything else throws DefinitionError naming `where`. */
export function parseValue(json: Json, where = 'value'): Value {
  const parsed = parseValueOrNode(json);
  if (parsed.kind === 'value') return parsed.value;
  throw notAValue(json, parsed, where);
}

/** The error for `json`, which parseValueOrNode read as `parsed` (not a value): names what it is when known. */
function notAValue(json: Json, parsed: ReturnType<typeof parseValueOrNode>, where: string): DefinitionError {
  const what = parsed.kind === 'unknown' && parsed.node?.kind === 'unknown' ? parsed.node.what : JSON.stringify(json);
  return new DefinitionError(`${where}: ${what} is not a value sagewire's dsl models`);
}

/** Reads one wire condition (the inverse of the Condition step's rendering). */
export function parseCondition(json: Json, where = 'condition'): Condition {
  if (!isObject(json) || typeof json.Type !== 'string') throw new DefinitionError(`${where}: a condition needs a "Type"`);
  const type = json.Type;
  if ((COMPARISON_TYPES as readonly string[]).includes(type)) {
    return { kind: 'compare', type: type as ComparisonType, left: parseValue(json.LeftValue ?? null, `${where}.LeftValue`), right: parseValue(json.RightValue ?? null, `${where}.RightValue`) };
  }
  if (type === 'In') {
    if (!Array.isArray(json.Values)) throw new DefinitionError(`${where}.Values: an In condition needs a list`);
    return { kind: 'in', value: parseValue(json.QueryValue ?? null, `${where}.QueryValue`), values: json.Values.map((v, i) => parseValue(v, `${where}.Values[${i}]`)) };
  }
  if (type === 'Not') {
    // the Python SDK writes the operand as `Expression`, the schema (and the dsl) as `Condition`
    const key = json.Condition !== undefined ? 'Condition' : 'Expression';
    return { kind: 'not', condition: parseCondition(json[key] ?? null, `${where}.${key}`) };
  }
  if (type === 'Or') {
    if (!Array.isArray(json.Conditions)) throw new DefinitionError(`${where}.Conditions: an Or condition needs a list`);
    return { kind: 'or', conditions: json.Conditions.map((c, i) => parseCondition(c, `${where}.Conditions[${i}]`)) };
  }
  throw new DefinitionError(`${where}: condition type ${JSON.stringify(type)} is not one sagewire's dsl models`);
}

/** Plain data around expressions (a step's Arguments): a record stays distinct from an expression object. */
export class ValueRecord {
  constructor(readonly fields: { readonly [key: string]: ValueTree }) {}
}

export type ValueTree = Value | null | readonly ValueTree[] | ValueRecord;

/** A wire JSON tree with every expression in it read as its dsl value; an expression the dsl does not model throws. */
export function parseValueTree(json: Json, where = 'value'): ValueTree {
  if (json === null) return null;
  if (Array.isArray(json)) return json.map((v, i) => parseValueTree(v, `${where}[${i}]`));
  const parsed = parseValueOrNode(json);
  if (parsed.kind === 'value') return parsed.value;
  if (parsed.kind === 'unknown') throw notAValue(json, parsed, where);
  const fields: Record<string, ValueTree> = {};
  for (const [k, v] of Object.entries(json as { [key: string]: Json })) fields[k] = parseValueTree(v, `${where}.${k}`);
  return new ValueRecord(fields);
}

/** Renders a value tree back to wire JSON (keys in their order). */
export function renderValueTree(tree: ValueTree, sink?: ReferenceSink): Json {
  if (tree === null) return null;
  if (Array.isArray(tree)) return tree.map((t: ValueTree) => renderValueTree(t, sink));
  if (tree instanceof ValueRecord) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(tree.fields)) out[k] = renderValueTree(v, sink);
    return out;
  }
  return renderValue(tree as Value, sink);
}
