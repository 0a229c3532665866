import { ScriptError, type Issue } from '../../errors.js';
import type { Variable } from './variables.js';

/** One field of a sample request with its value. */
export interface SampleField extends Variable {
  value: number | string;
}

export interface SampleDefaults {
  /** Value of every NUMERIC field without its own default (default 0.0). */
  numeric: number;
  /** Value of every TEXT field without its own default (default "DEFAULT_TEXT"). */
  text: string;
  /** Per-field values; a NUMERIC field's must be a number or a numeric string. */
  fields: Record<string, string | number>;
  /** What `{timestamp}` in a TEXT value expands to (default: now). */
  now?: Date;
}

export const DEFAULT_NUMERIC_VALUE = 0.0;
export const DEFAULT_TEXT_VALUE = 'DEFAULT_TEXT';

/**
 * The value of each field: its per-field default, else the default of its type. A per-field
 * default for a field that is not in the list, or a non-numeric one for a NUMERIC field, is an
 * error (a typo would otherwise go unnoticed into the load test).
 */
export function sampleFields(variables: Variable[], defaults: SampleDefaults, source: string): SampleField[] {
  const issues: Issue[] = [];
  const known = new Set(variables.map((v) => v.name));
  for (const name of Object.keys(defaults.fields)) {
    if (!known.has(name)) issues.push({ path: `${source}.field_defaults.${name}`, message: `no input field is named ${JSON.stringify(name)}` });
  }
  const fields = variables.map((v): SampleField => {
    const own = defaults.fields[v.name];
    if (own === undefined) return { ...v, value: v.type === 'NUMERIC' ? defaults.numeric : defaults.text };
    if (v.type === 'TEXT') return { ...v, value: String(own).replaceAll('{timestamp}', timestamp(defaults.now ?? new Date())) };
    const n = typeof own === 'number' ? own : Number(own);
    if (typeof own === 'string' && (own.trim() === '' || !Number.isFinite(n))) {
      issues.push({ path: `${source}.field_defaults.${v.name}`, message: `NUMERIC field needs a number, got ${JSON.stringify(own)}` });
    }
    return { ...v, value: n };
  });
  if (issues.length > 0) throw new ScriptError(`${source}: invalid field defaults`, issues);
  return fields;
}

/** `YYYY-MM-DD HH:MM:SS` in local time, the seeds' `{timestamp}` template. */
function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export { formatNumeric } from '../../payload-format/content-types.js';
