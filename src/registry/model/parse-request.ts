/** Turns zod issues into one error that lists every bad or missing field. */
import type { z } from 'zod';
import { ConfigError, type Issue } from '../../errors.js';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Every zod issue as `{path, message}`; a field absent from `input` reads "is required". */
export function zodIssues(error: z.ZodError, input: unknown): Issue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(body)';
    const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
    return { path, message: missing ? 'is required' : issue.message };
  });
}

/**
 * Parses `value` with `schema`; on failure throws a ConfigError naming `what` and listing
 * every field that is wrong or missing.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = zodIssues(result.error, value);
  throw new ConfigError(`${what}: ${issues.length} field(s) wrong or missing`, issues);
}
