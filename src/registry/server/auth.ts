/**
 * Authentication middleware: with a token file, reads need a reader or writer identity and
 * writes a writer one (401 without a valid one, 403 for a reader writing). An identity is a
 * bearer token (`Authorization: Bearer <token>`) or, with IAM principals in the token file, a
 * presigned sts:GetCallerIdentity (`Authorization: SagewireIAM <…>`, see iam-verify.ts) whose
 * ARN is mapped to a role. Without a token file everything is open; the server then only
 * listens on loopback.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { IAM_AUTH_SCHEME } from '../client/iam-identity.js';
import { arnMatches, IamRefused, type IamVerifier } from './iam-verify.js';
import type { InventoryToken, TokenRole } from './tokens.js';

function strongest(roles: TokenRole[]): TokenRole | undefined {
  return roles.includes('writer') ? 'writer' : roles[0];
}

/**
 * The role of a presented token and who it is: `token:<name>` from the token file, or for an
 * unnamed token `token:<role>:<first 8 hex of its sha256>` (tells tokens apart, reveals nothing).
 */
function identifyToken(tokens: InventoryToken[], presented: string): { role: TokenRole; caller: string } | undefined {
  const given = Buffer.from(presented);
  const found: Array<{ role: TokenRole; name?: string }> = [];
  for (const entry of tokens) {
    if (!('token' in entry)) continue;
    const expected = Buffer.from(entry.token);
    if (expected.length === given.length && timingSafeEqual(expected, given)) found.push(entry);
  }
  const role = strongest(found.map((f) => f.role));
  if (!role) return undefined;
  const name = found.find((f) => f.role === role)?.name;
  return { role, caller: `token:${name ?? `${role}:${createHash('sha256').update(presented).digest('hex').slice(0, 8)}`}` };
}

function roleOfArn(tokens: InventoryToken[], arn: string): TokenRole | undefined {
  return strongest(tokens.flatMap((t) => ('arn' in t && arnMatches(t.arn, arn) ? [t.role] : [])));
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who made the request, for the audit log: `token:<name>`, an IAM ARN, or `anonymous` (no token file). */
export function callerOf(c: Context): string {
  return (c.get('caller' as never) as string | undefined) ?? 'anonymous';
}

export function bearerAuth(tokens: InventoryToken[] | undefined, iam?: IamVerifier): MiddlewareHandler {
  return async (c, next) => {
    if (!tokens || tokens.length === 0) return next();
    const header = c.req.header('authorization') ?? '';
    const unauthorized = (message: string) => {
      c.header('WWW-Authenticate', `Bearer realm="sagewire-inventory", ${IAM_AUTH_SCHEME}`);
      return c.json({ error: { code: 'UNAUTHORIZED', message } }, 401);
    };
    let role: TokenRole | undefined;
    let caller: string;
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    const signed = new RegExp(`^${IAM_AUTH_SCHEME}\\s+([A-Za-z0-9_-]+)$`).exec(header);
    if (signed) {
      if (!iam) return unauthorized('this inventory takes no IAM identities');
      let arn: string;
      try {
        arn = await iam.verify(signed[1]!);
      } catch (err) {
        if (err instanceof IamRefused) return unauthorized(`IAM identity refused: ${err.message}`);
        throw err;
      }
      role = roleOfArn(tokens, arn);
      if (!role) return c.json({ error: { code: 'FORBIDDEN', message: `${arn} is not in this inventory's token file` } }, 403);
      caller = arn;
    } else {
      const known = bearer ? identifyToken(tokens, bearer[1]!) : undefined;
      if (!known) return unauthorized(`a valid bearer token (Authorization: Bearer <token>) or IAM identity (${IAM_AUTH_SCHEME}) is required`);
      role = known.role;
      caller = known.caller;
    }
    if (WRITE_METHODS.has(c.req.method) && role !== 'writer') {
      return c.json({ error: { code: 'FORBIDDEN', message: `${c.req.method} needs the writer role; this identity (${caller}) is a reader` } }, 403);
    }
    c.set('caller' as never, caller as never);
    return next();
  };
}
