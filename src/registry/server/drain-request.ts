/** How much of a refused body the server reads and discards before answering. */
export const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
const DRAIN_MAX_MS = 10_000;

/**
 * Reads and discards the rest of a request body the server refuses (413), up to
 * {@link DRAIN_MAX_BYTES} or 10 s, so a client that sends its whole body before it reads the
 * answer (fetch does) gets the 413 instead of EPIPE. @hono/node-server drains too, but only
 * for 500 ms after the answer, which a loaded machine does not meet for a 2 MiB body. A body
 * declared larger than the bound is not read at all: the answer goes out and the connection
 * closes. Reads the request's own body stream: the node request under it is already bound to it.
 */
export async function drainRefusedBody(request: Request): Promise<void> {
  const declared = Number(request.headers.get('content-length'));
  if (request.body === null || request.bodyUsed || (Number.isFinite(declared) && declared > DRAIN_MAX_BYTES)) return;
  const reader = request.body.getReader();
  const deadline = Date.now() + DRAIN_MAX_MS;
  let read = 0;
  try {
    while (read <= DRAIN_MAX_BYTES) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left)));
      const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk === 'timeout' || chunk.done) break;
      read += chunk.value.byteLength;
    }
  } catch {
    // the client went away: nothing left to drain
  } finally {
    reader.releaseLock();
  }
}
