/** The one place that turns domain errors into HTTP responses. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SagewireError } from '../../errors.js';

function statusFor(err: SagewireError): ContentfulStatusCode {
  switch (err.code) {
    case 'NOT_FOUND':
      return 404;
    case 'CONFIG':
    case 'USAGE':
      return 400;
    case 'INVENTORY': {
      const status = (err as SagewireError & { status?: number }).status;
      return (status ?? 409) as ContentfulStatusCode;
    }
    default:
      return 422;
  }
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof SagewireError) {
    return c.json({ error: { code: err.code, message: err.message, issues: err.issues } }, statusFor(err));
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: 'HTTP', message: err.message || 'request refused' } }, err.status);
  }
  console.error('sagewire inventory: unexpected error:', err);
  return c.json({ error: { code: 'INTERNAL', message: 'internal error (this is a bug; see the server log)' } }, 500);
}
