import { ScriptError } from '../../errors.js';
import { parseJsonInput, readJsonFileSync } from '../../fs/json-input.js';

/**
 * Parses a JSON text that came from `source` (a file path or an archive entry name), as every
 * JSON input is parsed (fs/json-input.ts): a syntax error names the source, the line and column
 * and what was expected there; out-of-range numbers, `__proto__` keys and over-deep nesting are
 * refused with their JSON paths.
 */
export function parseJsonText(text: string, source: string): unknown {
  const parsed = parseJsonInput(text);
  if (!parsed.ok) throw new ScriptError(`${source}: ${parsed.message}`, parsed.issues);
  return parsed.value;
}

/** Reads and parses a JSON file (fs/json-input.ts); a missing file or bad JSON is a ScriptError naming the path. */
export async function readJsonFile(path: string): Promise<unknown> {
  return readJsonFileSync(path, { what: 'the file', fail: (message, issues) => new ScriptError(message, issues) });
}

/** Checks that a parsed JSON value is an object (not an array or scalar). */
export function requireJsonObject(value: unknown, source: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new ScriptError(`${source}: must be a JSON object, got ${got}`);
  }
  return value as Record<string, unknown>;
}
