/** Reads a request body as JSON; malformed JSON is a 400 that says where it broke. */
import type { Context } from 'hono';
import { ConfigError } from '../../errors.js';

export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ConfigError('request body: empty; expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(`request body: malformed JSON (${(err as Error).message})`);
  }
}
