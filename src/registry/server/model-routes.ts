/**
 * `/v1/models`: models (one per domain and objective), their versions and their bytes, and
 * the registry features: search, approval, aliases, tags and the model card. Every change
 * is recorded with the caller in the audit log (writes need the writer role: auth.ts).
 */
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ConfigError, NotFoundError } from '../../errors.js';
import { identifier } from '../model/field-rules.js';
import { parseOrThrow } from '../model/parse-request.js';
import { aliasBodySchema, approvalBodySchema, APPROVAL_STATUSES, TAG_KEY, versionPatchSchema } from '../model/registry-rules.js';
import type { RecordStore } from '../records/record-store.js';
import { MAX_SEARCH_RESULTS, MAX_SEARCH_TAGS } from '../records/registry-records.js';
import type { ArtifactStore } from '../workflow/artifact-store.js';
import { callerOf } from './auth.js';
import { readJsonBody } from './read-json-body.js';

const listQuery = z
  .object({
    domain: identifier().optional(),
    objective: identifier().optional(),
    status: z.enum(APPROVAL_STATUSES, { error: `must be one of ${APPROVAL_STATUSES.join(', ')}` }).optional(),
    q: identifier().optional(),
    limit: z.coerce.number().int().min(1).max(MAX_SEARCH_RESULTS).optional(),
  })
  .strict();
const versionParam = z.coerce.number().int().min(1);

/** `tag=<key>:<value>` (repeatable): split on the first ':' (keys have none). */
function tagFilters(c: Context): Array<[string, string]> {
  const given = c.req.queries('tag') ?? [];
  if (given.length > MAX_SEARCH_TAGS) throw new ConfigError(`query: at most ${MAX_SEARCH_TAGS} tag conditions, got ${given.length}`, [{ path: 'tag', message: 'too many' }]);
  return given.map((raw) => {
    const at = raw.indexOf(':');
    const key = at < 0 ? raw : raw.slice(0, at);
    if (at < 0 || !TAG_KEY.test(key)) throw new ConfigError(`query: tag "${raw}" is not <key>:<value>`, [{ path: 'tag', message: 'expected <key>:<value>' }]);
    return [key, raw.slice(at + 1)];
  });
}

export function modelRoutes(records: RecordStore, artifactStore?: ArtifactStore): Hono {
  const app = new Hono();
  const registry = records.registry;
  const versionOf = (c: Context) => parseOrThrow(versionParam, c.req.param('version'), 'version');

  /** Without search conditions, the models; with tag/status/q, also the matching versions. */
  app.get('/', (c) => {
    const { tag: _tag, ...rest } = c.req.query();
    const query = parseOrThrow(listQuery, rest, 'query');
    const tags = tagFilters(c);
    const searching = tags.length > 0 || query.status !== undefined || query.q !== undefined;
    if (!searching) return c.json({ models: records.listModels({ ...(query.domain ? { domain: query.domain } : {}), ...(query.objective ? { objective: query.objective } : {}) }) });
    const versions = registry
      .search({ tags, ...(query.status ? { status: query.status } : {}), ...(query.q ? { q: query.q } : {}), ...(query.limit ? { limit: query.limit } : {}) })
      .filter((v) => (!query.domain || v.domain === query.domain) && (!query.objective || v.objective === query.objective));
    const ids = new Set(versions.map((v) => v.modelId));
    return c.json({ models: records.listModels().filter((m) => ids.has(m.modelId)), versions });
  });
  app.get('/:id', (c) => c.json(records.getModel(c.req.param('id'))));
  app.get('/:id/versions/:version', (c) => c.json(records.getVersion(c.req.param('id'), versionOf(c))));

  app.patch('/:id/versions/:version', async (c) => {
    const version = versionOf(c);
    const patch = parseOrThrow(versionPatchSchema, await readJsonBody(c), 'version patch');
    registry.patchVersion(c.req.param('id'), version, patch, callerOf(c));
    return c.json(records.getVersion(c.req.param('id'), version));
  });

  app.put('/:id/versions/:version/approval', async (c) => {
    const version = versionOf(c);
    const body = parseOrThrow(approvalBodySchema, await readJsonBody(c), 'approval');
    const approval = registry.setApproval(c.req.param('id'), version, body.status, body.reason, callerOf(c));
    return c.json({ modelId: c.req.param('id'), version, approval });
  });
  app.get('/:id/versions/:version/approval', (c) => {
    const version = records.getVersion(c.req.param('id'), versionOf(c));
    return c.json({ modelId: version.modelId, version: version.version, approval: version.approval });
  });

  app.get('/:id/aliases', (c) => c.json({ modelId: c.req.param('id'), aliases: records.getModel(c.req.param('id')).aliases }));
  app.put('/:id/aliases/:alias', async (c) => {
    const body = parseOrThrow(aliasBodySchema, await readJsonBody(c), 'alias');
    return c.json(registry.setAlias(c.req.param('id'), c.req.param('alias'), body.version, callerOf(c)));
  });
  app.get('/:id/aliases/:alias', (c) => c.json(registry.getAlias(c.req.param('id'), c.req.param('alias'))));
  app.delete('/:id/aliases/:alias', (c) => c.json({ deleted: registry.deleteAlias(c.req.param('id'), c.req.param('alias'), callerOf(c)) }));

  /** The inventory's own copy of the model.tar.gz (`artifact`) or payload.tar.gz (`payload`). */
  app.get('/:id/versions/:version/:kind{artifact|payload}', async (c) => {
    const version = records.getVersion(c.req.param('id'), versionOf(c));
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
