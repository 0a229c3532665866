/** Reads a request body as JSON; malformed or too deeply nested JSON is a 400 that says why. */
import type { Context } from 'hono';
import { ConfigError } from '../../errors.js';
import { jsonTextDepth } from '../model/field-rules.js';

/** No request the API takes nests deeper than this; deeper bodies are refused before parsing. */
export const MAX_JSON_DEPTH = 16;

export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ConfigError('request body: empty; expected a JSON object');
  const depth = jsonTextDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new ConfigError(`request body: nested ${depth} levels deep; at most ${MAX_JSON_DEPTH}`);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(`request body: malformed JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('request body: expected a JSON object');
  }
  return value;
}
