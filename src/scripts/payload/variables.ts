import { ScriptError, type Issue } from '../../errors.js';

export type VariableType = 'NUMERIC' | 'TEXT';

/** One input field of the model, in request order. */
export interface Variable {
  name: string;
  type: VariableType;
}

const TYPES: readonly string[] = ['NUMERIC', 'TEXT'];

/**
 * Normalizes a variable list given as `{name: type}` or `[[name, type], ...]` (the registration
 * config's `source_model_inference_input_variable_list`). Every bad item is reported at once,
 * with its path under `source`.
 */
export function normalizeVariableList(list: unknown, source: string): Variable[] {
  const issues: Issue[] = [];
  const out: Variable[] = [];
  const add = (name: unknown, type: unknown, path: string) => {
    if (typeof name !== 'string' || name === '') issues.push({ path, message: `field name must be a non-empty string, got ${JSON.stringify(name)}` });
    else if (typeof type !== 'string' || !TYPES.includes(type.toUpperCase())) {
      issues.push({ path, message: `type of ${JSON.stringify(name)} must be NUMERIC or TEXT, got ${JSON.stringify(type)}` });
    } else if (out.some((v) => v.name === name)) issues.push({ path, message: `field ${JSON.stringify(name)} is listed twice` });
    else out.push({ name, type: type.toUpperCase() as VariableType });
  };
  if (Array.isArray(list)) {
    list.forEach((item, i) => {
      if (!Array.isArray(item) || item.length !== 2) issues.push({ path: `${source}[${i}]`, message: `must be [name, type], got ${JSON.stringify(item)}` });
      else add(item[0], item[1], `${source}[${i}]`);
    });
  } else if (list !== null && typeof list === 'object') {
    for (const [name, type] of Object.entries(list)) add(name, type, `${source}.${name}`);
  } else {
    issues.push({ path: source, message: `must be an object {name: type} or a list [[name, type], ...], got ${JSON.stringify(list)}` });
  }
  if (issues.length > 0) throw new ScriptError(`${source}: invalid input variable list`, issues);
  if (out.length === 0) throw new ScriptError(`${source}: the input variable list is empty`);
  return out;
}

/**
 * The input fields a model's hyperparameters.json describes, with the keys the reference
 * training scripts write: `tab_field_list` (NUMERIC) then `cat_field_list` (TEXT); when
 * neither is present, `full_field_list` with every field TEXT except those also in
 * `tab_field_list`. `label_name` (default `label`) and `id_name` (default `id`) are not inputs
 * and are left out. Undefined when none of these keys is present.
 */
export function variablesFromHyperparameters(hp: Record<string, unknown>, source: string): Variable[] | undefined {
  const list = (key: string): string[] | undefined => {
    const value = hp[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new ScriptError(`${source}: ${key} must be a list of field names, got ${JSON.stringify(value)}`);
    }
    return value as string[];
  };
  const tab = list('tab_field_list');
  const cat = list('cat_field_list');
  const full = list('full_field_list');
  if (!tab && !cat && !full) return undefined;
  const skip = new Set([stringOr(hp.label_name, 'label'), stringOr(hp.id_name, 'id')]);
  const seen = new Set<string>();
  const out: Variable[] = [];
  const push = (name: string, type: VariableType) => {
    if (skip.has(name) || seen.has(name)) return;
    seen.add(name);
    out.push({ name, type });
  };
  if (tab || cat) {
    for (const name of tab ?? []) push(name, 'NUMERIC');
    for (const name of cat ?? []) push(name, 'TEXT');
  } else {
    for (const name of full ?? []) push(name, 'TEXT');
  }
  if (out.length === 0) throw new ScriptError(`${source}: the field lists name no input fields (after leaving out the label and id)`);
  return out;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
