/** Turns zod issues into one error that lists every bad or missing field. */
import type { z } from 'zod';
import { ConfigError, type Issue } from '../../errors.js';
import { closestName } from '../../config/closest-name.js';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
}

/** The field names the object schema at `path` knows (through optional and transform wrappers). */
function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let current = schema as { _zod?: { def?: SchemaDef } } | undefined;
  const unwrap = () => {
    for (let def = current?._zod?.def; def && def.type !== 'object'; def = current?._zod?.def) {
      const inner = def.innerType ?? def.in;
      if (!inner) return;
      current = inner as typeof current;
    }
  };
  unwrap();
  for (const key of path) {
    const shape = current?._zod?.def?.shape;
    if (!shape) return [];
    current = shape[String(key)] as typeof current;
    unwrap();
  }
  return Object.keys(current?._zod?.def?.shape ?? {});
}

/**
 * Every zod issue as `{path, message}`; a field absent from `input` reads "is required"; an
 * unknown field is named on its own with the closest known name.
 */
export function zodIssues(error: z.ZodError, input: unknown, schema?: z.ZodType): Issue[] {
  return error.issues.flatMap((issue): Issue[] => {
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? knownKeysAt(schema, issue.path) : [];
      return issue.keys.map((key) => {
        const guess = closestName(key, known);
        return {
          path: [...issue.path.map(String), key].join('.'),
          message: `unknown field${guess ? `; did you mean "${guess}"?` : ''}`,
        };
      });
    }
    const path = issue.path.map(String).join('.') || '(body)';
    const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
    return [{ path, message: missing ? 'is required' : issue.message }];
  });
}

/**
 * Parses `value` with `schema`; on failure throws a ConfigError naming `what` and listing
 * every field that is wrong, missing or unknown.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = zodIssues(result.error, value, schema);
  throw new ConfigError(`${what}: ${issues.length} field(s) wrong, missing or unknown`, issues);
}
