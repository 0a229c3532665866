/**
 * cursus's type-preserving wrappers: `{"__type_info__": "dict"|"list"|"tuple"|"set"|..., "value": ...}`.
 * sagewire only needs the plain JSON value inside.
 */

const TYPE_INFO = '__type_info__';

/** True when `value` is a cursus type wrapper. */
export function isTypeWrapper(value: unknown): value is { [TYPE_INFO]: string; value: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && TYPE_INFO in value;
}

/** Recursively replaces every cursus type wrapper by its `value`. Reports whether any was found. */
export function unwrapTypeInfo(value: unknown, seen: { found: boolean } = { found: false }): unknown {
  if (Array.isArray(value)) return value.map((v) => unwrapTypeInfo(v, seen));
  if (value === null || typeof value !== 'object') return value;
  if (isTypeWrapper(value)) {
    seen.found = true;
    return unwrapTypeInfo(value.value, seen);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = unwrapTypeInfo(v, seen);
  return out;
}

/**
 * Drops cursus's class markers (`__model_type__`, `__model_module__`) from nested objects such
 * as a serialized hyperparameters model, leaving plain JSON.
 */
export function stripModelMarkers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripModelMarkers);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== '__model_type__' && k !== '__model_module__') out[k] = stripModelMarkers(v);
  }
  return out;
}
