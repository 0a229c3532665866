import { readFile } from 'node:fs/promises';
import { ScriptError } from '../../errors.js';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';

/**
 * Parses a JSON text that came from `source` (a file path or an archive entry name); a
 * syntax error names the source, the line and column and what was expected there.
 */
export function parseJsonText(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const found = findJsonSyntaxError(body);
    if (!found) throw new ScriptError(`${source}: invalid JSON: ${(err as Error).message}`);
    const { line, column } = lineAndColumn(body, found.offset);
    const got = found.offset >= body.length ? 'end of file' : JSON.stringify(body[found.offset]);
    throw new ScriptError(
      `${source}: invalid JSON at line ${line}, column ${column} (offset ${found.offset}): expected ${found.expected}, found ${got}`,
    );
  }
}

/** Reads and parses a JSON file; a missing file or bad JSON is a ScriptError naming the path. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ScriptError(`${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseJsonText(text, path);
}

/** Checks that a parsed JSON value is an object (not an array or scalar). */
export function requireJsonObject(value: unknown, source: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new ScriptError(`${source}: must be a JSON object, got ${got}`);
  }
  return value as Record<string, unknown>;
}
