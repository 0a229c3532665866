/** `/v1/models`: models (one per domain and objective), their versions, and their bytes. */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { parseOrThrow } from '../model/parse-request.js';
import type { RecordStore } from '../records/record-store.js';
import type { ArtifactStore } from '../workflow/artifact-store.js';

const listQuery = z.object({ domain: z.string().min(1).optional(), objective: z.string().min(1).optional() });
const versionParam = z.coerce.number().int().min(1);

export function modelRoutes(records: RecordStore, artifactStore?: ArtifactStore): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ models: records.listModels(parseOrThrow(listQuery, c.req.query(), 'query')) }));
  app.get('/:id', (c) => c.json(records.getModel(c.req.param('id'))));
  app.get('/:id/versions/:version', (c) => {
    const version = parseOrThrow(versionParam, c.req.param('version'), 'version');
    return c.json(records.getVersion(c.req.param('id'), version));
  });
  /** The inventory's own copy of the model.tar.gz (`artifact`) or payload.tar.gz (`payload`). */
  app.get('/:id/versions/:version/:kind{artifact|payload}', async (c) => {
    const version = records.getVersion(c.req.param('id'), parseOrThrow(versionParam, c.req.param('version'), 'version'));
    const kind = c.req.param('kind');
    const uri = kind === 'artifact' ? version.artifactUri : version.payloadUri;
    const sha256 = kind === 'artifact' ? version.artifactSha256 : version.payloadSha256;
    if (!uri || !sha256) throw new NotFoundError(`model "${version.modelId}" version ${version.version} has no payload`);
    if (!artifactStore) throw new NotFoundError('this inventory serves no artifact bytes');
    const info = await artifactStore.store.head(uri);
    if (!info) throw new NotFoundError(`the ${kind} of model "${version.modelId}" version ${version.version} is missing from the artifact store`);
    const stream = await artifactStore.store.openRead(uri);
    const fileName = kind === 'artifact' ? 'model.tar.gz' : 'payload.tar.gz';
    return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
      'content-type': 'application/gzip',
      'content-length': String(info.size),
      'content-disposition': `attachment; filename="${fileName}"`,
      'x-content-sha256': sha256,
    });
  });
  return app;
}
