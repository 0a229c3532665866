/** `/v1/models`: models (one per domain and objective) and their versions. */
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../model/parse-request.js';
import type { RecordStore } from '../records/record-store.js';

const listQuery = z.object({ domain: z.string().min(1).optional(), objective: z.string().min(1).optional() });
const versionParam = z.coerce.number().int().min(1);

export function modelRoutes(records: RecordStore): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ models: records.listModels(parseOrThrow(listQuery, c.req.query(), 'query')) }));
  app.get('/:id', (c) => c.json(records.getModel(c.req.param('id'))));
  app.get('/:id/versions/:version', (c) => {
    const version = parseOrThrow(versionParam, c.req.param('version'), 'version');
    return c.json(records.getVersion(c.req.param('id'), version));
  });
  return app;
}
