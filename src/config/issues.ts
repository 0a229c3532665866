/**
 * Turns zod issues into sagewire {@link Issue}s: one per problem, each with a JSON path
 * (`configuration.specific.Package.processing_instance_count`), the rule and the value received.
 */
import type { z } from 'zod';
import type { Issue } from '../errors.js';
import { closestName } from './closest-name.js';

/** Joins path segments as `a.b[0].c`. */
export function joinPath(prefix: string, segments: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out;
}

/** A short rendering of a received value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = input;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

export interface FormatOptions {
  /** Maps a top-level field name to the path prefix it came from (shared vs specific). */
  prefixFor: (field: string | undefined) => string;
  /** Field names the schema knows, for "did you mean" hints. */
  knownFields: readonly string[];
}

/** One {@link Issue} per zod issue; an unknown-keys issue becomes one issue per key. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], input: unknown, options: FormatOptions): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const at = valueAt(input, issue.path);
      for (const key of issue.keys) {
        const field = issue.path.length === 0 ? key : (issue.path[0] as string);
        const hint = issue.path.length === 0 ? closestName(key, options.knownFields) : undefined;
        out.push({
          path: joinPath(options.prefixFor(field), [...issue.path, key]),
          message: `unknown field${hint ? ` (did you mean "${hint}"?)` : ''}, got ${describeValue((at as Record<string, unknown>)?.[key])}`,
        });
      }
      continue;
    }
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
    const value = valueAt(input, issue.path);
    const path = joinPath(options.prefixFor(field), issue.path);
    const message = value === undefined ? (issue.code === 'custom' ? issue.message : `required: ${issue.message}`) : `${issue.message}, got ${describeValue(value)}`;
    out.push({ path, message });
  }
  return out;
}
