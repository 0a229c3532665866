/**
 * The one walker over `Value`s: renders them to definition JSON and reports what they
 * reference (steps and parameters), from which the pipeline derives data edges.
 * A kind without a handler is a bug and fails loudly.
 */
import { DefinitionError } from '../errors.js';
import type { Expr, Value } from './expressions.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What a rendered value referred to. */
export interface ReferenceSink {
  step(stepName: string, path: string): void;
  parameter(name: string): void;
}

const NO_SINK: ReferenceSink = { step: () => {}, parameter: () => {} };

type Handler<K extends Expr['kind']> = (e: Extract<Expr, { kind: K }>, sink: ReferenceSink) => Json;

const HANDLERS: { [K in Expr['kind']]: Handler<K> } = {
  parameter: (e, sink) => {
    sink.parameter(e.name);
    return { Get: `Parameters.${e.name}` };
  },
  'step-property': (e, sink) => {
    sink.step(e.step, e.path);
    return { Get: `Steps.${e.step}.${e.path}` };
  },
  'execution-variable': (e) => ({ Get: `Execution.${e.name}` }),
  join: (e, sink) => ({ 'Std:Join': { On: e.on, Values: e.values.map((v) => renderValue(v, sink)) } }),
  'json-get': (e, sink) => {
    sink.step(e.step, `PropertyFiles.${e.propertyFile}`);
    return { 'Std:JsonGet': { PropertyFile: { Get: `Steps.${e.step}.PropertyFiles.${e.propertyFile}` }, Path: e.path } };
  },
};

/** Renders a literal or a reference; `sink` hears about every step and parameter referenced. */
export function renderValue(v: Value, sink: ReferenceSink = NO_SINK): Json {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new DefinitionError(`a definition value must be a finite number, got ${v}`);
    return v;
  }
  const handler = (HANDLERS as Record<string, Handler<Expr['kind']> | undefined>)[(v as { kind?: string })?.kind ?? ''];
  if (!handler) {
    throw new DefinitionError(`unknown reference kind ${JSON.stringify((v as { kind?: unknown })?.kind)} in ${JSON.stringify(v)}`);
  }
  return handler(v, sink);
}

/** Renders a map of values, keys sorted so the same input gives the same bytes. */
export function renderValueMap(map: Readonly<Record<string, Value>>, sink?: ReferenceSink): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(map).sort()) out[key] = renderValue(map[key] as Value, sink);
  return out;
}
