/**
 * Model input/output variable lists and content types, shared by the payload and registration
 * configs (seed 003). A variable list is `{name: "NUMERIC"|"TEXT"}` or `[[name, type], ...]`;
 * types are upper-cased on parse, so `"numeric"` is accepted.
 */
import { z } from 'zod';
import { CONTENT_TYPES, type ContentType } from './content-types.js';

export const VARIABLE_TYPES = ['NUMERIC', 'TEXT'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

const variableType = z
  .string({ error: 'expected "NUMERIC" or "TEXT"' })
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(VARIABLE_TYPES, { error: 'expected "NUMERIC" or "TEXT"' }));

const pair = z.tuple([z.string({ error: 'expected a variable name' }).min(1, { error: 'expected a variable name' }), variableType], {
  error: 'expected a [name, "NUMERIC"|"TEXT"] pair',
});

/** `{name: type}` or `[[name, type], ...]`. */
export const VariableList = z.union(
  [z.record(z.string(), variableType), z.array(pair, { error: 'expected a list of [name, type] pairs' })],
  { error: 'expected {name: "NUMERIC"|"TEXT"} or [[name, "NUMERIC"|"TEXT"], ...]' },
);
export type VariableList = z.infer<typeof VariableList>;

// Zod-free, so that builders can use it without loading the schemas.
export { variablePairs } from './variable-pairs.js';

export { CONTENT_TYPES, type ContentType } from './content-types.js';

/** A non-empty list of the content types of config/content-types.ts. */
export function contentTypeList(defaultValue: ContentType[]) {
  const msg = `expected a non-empty list of ${CONTENT_TYPES.map((t) => JSON.stringify(t)).join(' / ')}`;
  return z
    .array(z.enum(CONTENT_TYPES, { error: msg }), { error: msg })
    .min(1, { error: msg })
    .default(defaultValue);
}
