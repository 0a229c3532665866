/**
 * Bearer-token middleware: with tokens configured, reads need a reader or writer token and
 * writes need a writer token (401 without a valid token, 403 with a reader token on a write).
 * Without tokens everything is open; the server then only listens on loopback.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { InventoryToken, TokenRole } from './tokens.js';

function roleOf(tokens: InventoryToken[], presented: string): TokenRole | undefined {
  const given = Buffer.from(presented);
  let found: TokenRole | undefined;
  for (const { role, token } of tokens) {
    const expected = Buffer.from(token);
    if (expected.length === given.length && timingSafeEqual(expected, given)) {
      if (role === 'writer') return 'writer';
      found = role;
    }
  }
  return found;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function bearerAuth(tokens: InventoryToken[] | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!tokens || tokens.length === 0) return next();
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const role = m ? roleOf(tokens, m[1]!) : undefined;
    if (!role) {
      c.header('WWW-Authenticate', 'Bearer realm="sagewire-inventory"');
      return c.json({ error: { code: 'UNAUTHORIZED', message: 'a valid bearer token is required (Authorization: Bearer <token>)' } }, 401);
    }
    if (WRITE_METHODS.has(c.req.method) && role !== 'writer') {
      return c.json({ error: { code: 'FORBIDDEN', message: `${c.req.method} needs a writer token; this token is a reader token` } }, 403);
    }
    return next();
  };
}
