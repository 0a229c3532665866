/** `GET /v1/audit`: the append-only log of every registry change, oldest first, paged by `after`. */
import { Hono } from 'hono';
import { z } from 'zod';
import { identifier } from '../model/field-rules.js';
import { parseOrThrow } from '../model/parse-request.js';
import type { RecordStore } from '../records/record-store.js';
import { MAX_AUDIT_PAGE } from '../records/registry-records.js';

const auditQuery = z
  .object({
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).optional(),
    model: identifier().optional(),
  })
  .strict();

export function auditRoutes(records: RecordStore): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const q = parseOrThrow(auditQuery, c.req.query(), 'query');
    return c.json(
      records.registry.listAudit({
        ...(q.after !== undefined ? { after: q.after } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.model ? { modelId: q.model } : {}),
      }),
    );
  });
  return app;
}
