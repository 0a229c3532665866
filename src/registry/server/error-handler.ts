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

/** The client went away mid-request: nothing to answer and nothing wrong with the server. */
function isClientDisconnect(err: Error, c: Context): boolean {
  const code = (err as { code?: string }).code;
  return c.req.raw.signal?.aborted === true || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED';
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof SagewireError) {
    const status = statusFor(err);
    // No `connection: close` for an upload refused for its size: node would close the socket
    // with the unread body in it, and the reset loses the answer on its way to a client that is
    // still sending. @hono/node-server reads on after the answer (bounded) and then closes.
    return c.json({ error: { code: err.code, message: err.message, issues: err.issues } }, status);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: 'HTTP', message: err.message || 'request refused' } }, err.status);
  }
  if (isClientDisconnect(err, c)) return c.json({ error: { code: 'CLIENT_CLOSED', message: 'the client closed the request' } }, 400);
  console.error('sagewire inventory: unexpected error:', err);
  return c.json({ error: { code: 'INTERNAL', message: 'internal error (this is a bug; see the server log)' } }, 500);
}
