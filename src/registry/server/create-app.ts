/**
 * The inventory's HTTP app (hono). It takes its record store as an argument; request bodies
 * are validated at the route, the store throws domain errors, and one handler maps them.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PAGE_HEADERS } from '../page/page-headers.js';
import { renderInventoryPage } from '../page/render-page.js';
import type { RecordStore } from '../records/record-store.js';
import { artifactRoutes, type UploadOptions } from './artifact-routes.js';
import { auditRoutes } from './audit-routes.js';
import { drainRefusedBody } from './drain-request.js';
import { bearerAuth } from './auth.js';
import type { IamVerifier } from './iam-verify.js';
import { handleError } from './error-handler.js';
import { modelRoutes } from './model-routes.js';
import { registrationRoutes } from './registration-routes.js';
import type { InventoryToken } from './tokens.js';

/** Default request body limit: 1 MiB (artifacts travel by URI, never in the body). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  records: RecordStore;
  /** Called with each newly accepted registration id (the workflow queues it). */
  onAccepted?: (registrationId: string) => void;
  /** Without tokens the API is open (the server then binds loopback only). */
  tokens?: InventoryToken[];
  /** JSON bodies over this size get 413. Default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** Verifies IAM identities (token-file ARNs); without it only bearer tokens are taken. */
  iam?: IamVerifier;
  /** Uploads (`POST /v1/artifacts`) and artifact downloads; without it neither is served. */
  uploads?: UploadOptions;
}

export function createApp(opts: AppOptions): Hono {
  const app = new Hono();
  app.onError(handleError);
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.use('*', bearerAuth(opts.tokens, opts.iam));
  const jsonLimit = bodyLimit({
    maxSize: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    // The body is left unread, so the connection cannot carry another request: say so, or a
    // keep-alive client sends its next request into a socket the server is closing.
    // The client may still be sending: read the rest (bounded) so it gets to see the 413.
    onError: async (c) => {
      await drainRefusedBody(c.req.raw);
      return c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `request body over ${opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes` } }, 413, { connection: 'close' });
    },
  });
  // uploads have their own, much larger limit (artifact-routes)
  app.use('/v1/*', (c, next) => (c.req.path === '/v1/artifacts' ? next() : jsonLimit(c, next)));
  const artifactStore = opts.uploads?.artifactStore;
  if (opts.uploads) app.route('/v1/artifacts', artifactRoutes(opts.uploads));
  app.route('/v1/registrations', registrationRoutes(opts.records, opts.onAccepted ?? (() => {}), artifactStore));
  app.route('/v1/models', modelRoutes(opts.records, artifactStore));
  app.route('/v1/audit', auditRoutes(opts.records));
  app.get('/', (c) => {
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
    return c.html(renderInventoryPage(opts.records));
  });
  return app;
}
