/**
 * Pipeline parameters for a local run: each definition parameter's default, overridden by
 * `--param K=V`, typed by the parameter's declared Type.
 */
import { UsageError } from '../errors.js';
import type { Json, ParameterDef, PipelineDefinition } from './definition.js';

/** Parses `K=V` strings into a map; a missing `=` or empty key is a usage error. */
export function parseParamArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param "${a}": expected K=V`);
    out[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return out;
}

/** Every parameter's value; overrides are strings (from the CLI) or already typed values. */
export function resolveParameters(def: PipelineDefinition, overrides: Record<string, Json> = {}): Record<string, Json> {
  const params = def.Parameters ?? [];
  const known = new Set(params.map((p) => p.Name));
  for (const k of Object.keys(overrides)) {
    if (!known.has(k)) {
      throw new UsageError(`--param ${k}: the pipeline has no such parameter (it has: ${[...known].join(', ') || 'none'})`);
    }
  }
  const out: Record<string, Json> = {};
  for (const p of params) {
    if (p.Name in overrides) out[p.Name] = coerce(p, overrides[p.Name]!);
    else if (p.DefaultValue !== undefined) out[p.Name] = coerce(p, p.DefaultValue);
    else throw new UsageError(`parameter ${p.Name} has no default value; give it with --param ${p.Name}=<value>`);
  }
  return out;
}

function coerce(p: ParameterDef, v: Json): Json {
  const bad = () => new UsageError(`parameter ${p.Name} is of type ${p.Type}; got ${JSON.stringify(v)}`);
  switch (p.Type) {
    case 'String': {
      const text = typeof v === 'string' ? v : String(v);
      if (Array.isArray(p.EnumValues) && p.EnumValues.length > 0 && !p.EnumValues.includes(text)) {
        throw new UsageError(`parameter ${p.Name}: ${JSON.stringify(text)} is not one of its EnumValues (${p.EnumValues.map((e) => JSON.stringify(e)).join(', ')})`);
      }
      return text;
    }
    case 'Integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^[+-]?\d+$/.test(v.trim()) ? Number(v) : NaN;
      if (!Number.isInteger(n)) throw bad();
      return n;
    }
    case 'Float': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw bad();
      return n;
    }
    case 'Boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw bad();
    default:
      throw new UsageError(`parameter ${(p as ParameterDef).Name}: type ${String((p as ParameterDef).Type)} is not supported locally`);
  }
}
