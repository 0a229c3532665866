/**
 * Parsing JSON a user gave, as untrusted text: a UTF-8 byte order mark is skipped; after the
 * parse one iterative walk refuses what JSON.parse lets through but sagewire must not take: a
 * number out of range (`1e400` parses as Infinity), a `__proto__` key (an own property after
 * parsing, but a prototype switch for any code that copies it with assignment), and nesting
 * deeper than MAX_JSON_DEPTH (recursive code further on would overflow the stack). Every
 * problem comes back with its JSON path.
 */
import type { Issue } from '../errors.js';
import { isMissing, readRegularFileSync } from './input-file.js';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';

/** Deeper than any real config, DAG or definition (they nest about ten levels). */
export const MAX_JSON_DEPTH = 200;
/** The size limit of a JSON input (config, DAG, execution document, definition). */
export const MAX_JSON_INPUT_BYTES = 64 * 1024 * 1024;

export type JsonInput = { ok: true; value: unknown } | { ok: false; message: string; issues: Issue[] };

/** A JSON path for messages: `a.b[3].c`, keys that are not identifiers quoted. */
export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return parent ? (safe === key ? `${parent}.${key}` : `${parent}[${safe}]`) : safe;
}

/** Every number out of range, `__proto__` key and over-deep value in a parsed document. */
export function checkParsedJson(value: unknown, maxDepth = MAX_JSON_DEPTH): Issue[] {
  const issues: Issue[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) issues.push({ path: path || '(document)', message: 'number out of range (beyond ±1.8e308)' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      issues.push({ path: path || '(document)', message: `nested more than ${maxDepth} levels deep` });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: jsonPath(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (key === '__proto__') {
        issues.push({ path: jsonPath(path, key), message: 'the key "__proto__" is not allowed' });
        continue;
      }
      stack.push({ value: (v as Record<string, unknown>)[key], path: jsonPath(path, key), depth: depth + 1 });
    }
  }
  return issues;
}

/** `at line L, column C (offset O): expected X, found Y`, or undefined if it cannot tell. */
function syntaxErrorAt(text: string): string | undefined {
  let found: ReturnType<typeof findJsonSyntaxError>;
  try {
    found = findJsonSyntaxError(text);
  } catch {
    return undefined; // nested too deep for the recursive finder: JSON.parse's message then
  }
  if (!found) return undefined;
  const { line, column } = lineAndColumn(text, found.offset);
  const got = found.offset >= text.length ? 'end of file' : JSON.stringify(text[found.offset]);
  return `at line ${line}, column ${column} (offset ${found.offset}): expected ${found.expected}, found ${got}`;
}

/** Parses JSON text (BOM skipped) and checks it; a syntax error is one message, other problems are issues. */
export function parseJsonInput(text: string): JsonInput {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return { ok: false, message: `not valid JSON ${syntaxErrorAt(body) ?? `(${(err as Error).message})`}`, issues: [] };
  }
  const issues = checkParsedJson(value);
  if (issues.length > 0) return { ok: false, message: `${issues.length} problem${issues.length === 1 ? '' : 's'} in the JSON`, issues };
  return { ok: true, value };
}

/** How a caller names its file and builds its own layer's error. */
export interface JsonFileRole {
  /** What the file is, for "cannot read <what>": `config file`, `DAG file`, ... */
  what: string;
  fail: (message: string, issues: Issue[]) => Error;
  /** The error for a file that does not exist, when it differs from `fail`'s (a NotFoundError with a hint). */
  missing?: (path: string) => Error;
  maxBytes?: number;
}

/**
 * Reads a JSON file a user named: a regular file of at most `maxBytes`, parsed and checked as
 * above. Throws `role.fail(...)`: `<path>: cannot read <what> (ENOENT | a FIFO, not a regular
 * file | ...)`, `<path>: not valid JSON (...)`, or `<path>: N problems` with one issue each.
 */
export function readJsonFileSync(path: string, role: JsonFileRole): unknown {
  const read = readRegularFileSync(path, role.maxBytes ?? MAX_JSON_INPUT_BYTES);
  if (!read.ok && role.missing && isMissing(read)) throw role.missing(path);
  if (!read.ok) throw role.fail(`${path}: cannot read ${role.what} (${read.reason})`, []);
  const parsed = parseJsonInput(read.bytes.toString('utf8'));
  if (!parsed.ok) throw role.fail(`${path}: ${parsed.message}`, parsed.issues);
  return parsed.value;
}
