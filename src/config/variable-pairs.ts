import type { VariableList, VariableType } from './variable-list.js';

/** The variable list as ordered `[name, type]` pairs, whichever form it was written in. */
export function variablePairs(list: VariableList): Array<[string, VariableType]> {
  return Array.isArray(list) ? list.map(([n, t]) => [n, t]) : Object.entries(list);
}
