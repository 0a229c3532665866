/**
 * Parsing a single config object against its schema, with every problem reported at once,
 * and `fromBaseConfig` (a step config inheriting the fields of a base config).
 */
import type { z } from 'zod';
import { ConfigError, type Issue } from '../errors.js';
import { DERIVED_FIELD_NAMES } from './base-config.js';
import { formatZodIssues } from './issues.js';
import type { ConfigSchema } from './registry.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** The field names a config schema declares. */
export function knownFields(schema: ConfigSchema): string[] {
  return Object.keys(schema.shape);
}

/**
 * Parses `input` against `schema`, collecting every problem. `prefixFor` maps a field name to
 * the JSON path it came from (default: `path`).
 */
export function parseConfigObject<S extends ConfigSchema>(
  schema: S,
  input: unknown,
  options: { path?: string; prefixFor?: (field: string | undefined) => string } = {},
): ParseResult<z.output<S>> {
  // jitless: zod would otherwise generate (new Function) and compile a fast parser for each
  // object schema on its first parse; a config is parsed once per process, so generating it costs
  // more than it saves (half of `sagewire compile`'s time in its own code, bench/start).
  const result = schema.safeParse(input, { jitless: true });
  if (result.success) return { ok: true, value: result.data };
  const base = options.path ?? '';
  const prefixFor = options.prefixFor ?? (() => base);
  return { ok: false, issues: formatZodIssues(result.error.issues, input, { prefixFor, knownFields: knownFields(schema) }) };
}

/**
 * Parses `input` against `schema` and throws one {@link ConfigError} listing every problem.
 * `what` names the config in the message (e.g. `Package`).
 */
export function validateConfig<S extends ConfigSchema>(schema: S, input: unknown, what = 'config'): z.output<S> {
  const r = parseConfigObject(schema, input, { path: what });
  if (r.ok) return r.value;
  throw new ConfigError(`${what}: ${r.issues.length} invalid field${r.issues.length === 1 ? '' : 's'}`, r.issues);
}

/**
 * A step config that inherits the fields of `base` (a parsed or raw config of any class):
 * the base fields the target schema declares, then `overrides` on top. Derived fields are not
 * inherited. Throws a ConfigError listing every problem.
 */
export function fromBaseConfig<S extends ConfigSchema>(
  schema: S,
  base: object,
  overrides: Record<string, unknown> = {},
  what = 'config',
): z.output<S> {
  const declared = new Set(knownFields(schema));
  const derived = new Set<string>(DERIVED_FIELD_NAMES);
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined && declared.has(k) && !derived.has(k)) input[k] = v;
  }
  Object.assign(input, overrides);
  return validateConfig(schema, input, what);
}
