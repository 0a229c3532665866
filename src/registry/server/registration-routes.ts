/** `/v1/registrations`: accept a registration (202) and report its status. */
import { Hono } from 'hono';
import { z } from 'zod';
import { ConfigError, InventoryError, type Issue } from '../../errors.js';
import { uploadedSha256 } from '../model/artifact-uri.js';
import { uploadStoreUri, type ArtifactStore } from '../workflow/artifact-store.js';
import { REGISTRATION_STATUSES } from '../model/records.js';
import { registrationRequestSchema, type NormalizedRegistrationRequest } from '../model/request-schema.js';
import { parseOrThrow } from '../model/parse-request.js';
import { prepareRegistration, type RecordStore } from '../records/record-store.js';
import { callerOf } from './auth.js';
import { readJsonBody } from './read-json-body.js';
import { RegistrationBatcher } from './registration-batcher.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const listQuery = z.object({
  status: z.enum(REGISTRATION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** An `inventory://artifacts/<sha256>` the request names must have been uploaded (422 at once otherwise). */
async function checkUploads(request: NormalizedRegistrationRequest, artifactStore: ArtifactStore | undefined): Promise<void> {
  const issues: Issue[] = [];
  for (const field of ['model_artifact_uri', 'payload_artifact_uri'] as const) {
    const sha256 = request[field] ? uploadedSha256(request[field]) : undefined;
    if (!sha256) continue;
    if (!artifactStore || !(await artifactStore.store.head(uploadStoreUri(artifactStore, sha256)))) {
      issues.push({ path: field, message: `no upload with sha256 ${sha256}: POST the file to /v1/artifacts first` });
    }
  }
  if (issues.length > 0) throw new InventoryError(`registration request: ${issues.length} artifact(s) not uploaded`, issues, { status: 422 });
}

export function registrationRoutes(records: RecordStore, onAccepted: (id: string) => void, artifactStore?: ArtifactStore): Hono {
  const app = new Hono();
  const batcher = new RegistrationBatcher(records);

  app.post('/', async (c) => {
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new ConfigError('Idempotency-Key header: must be 1-200 visible ASCII characters');
    }
    const request = parseOrThrow(registrationRequestSchema, await readJsonBody(c), 'registration request');
    await checkUploads(request, artifactStore);
    const { registration, created } = await batcher.submit(prepareRegistration(request, key, callerOf(c)));
    if (created) onAccepted(registration.registrationId);
    if (!created) c.header('Idempotent-Replayed', 'true');
    c.header('Location', `/v1/registrations/${registration.registrationId}`);
    return c.json(
      {
        registrationId: registration.registrationId,
        executionArn: registration.executionArn,
        modelId: registration.modelId,
        status: registration.status,
      },
      202,
    );
  });

  app.get('/', (c) => {
    const query = parseOrThrow(listQuery, c.req.query(), 'query');
    return c.json({ registrations: records.listRegistrations(query) });
  });

  app.get('/:id', (c) => c.json(records.getRegistration(c.req.param('id'))));

  return app;
}
