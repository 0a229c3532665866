/**
 * Collection of unused uploads. An upload (`inventory://artifacts/<sha256>`) is only the way
 * in: a registered version keeps its own bytes (a hard link or rename in a folder store, a copy
 * in S3). An upload is collected once it is older than the retention bound (its age counts from
 * the latest upload of the same bytes) and no version and no unfinished registration names its
 * sha256. A client that registers an upload it made longer ago than the bound gets the 422
 * "POST the file to /v1/artifacts first" and uploads again.
 */
import { uploadedSha256 } from '../model/artifact-uri.js';
import type { RecordStore } from '../records/record-store.js';
import { joinS3Uri } from '../../store/index.js';
import type { ArtifactStore } from './artifact-store.js';

/** Default retention of an unused upload: 24 hours (a pipeline registers within minutes). */
export const DEFAULT_UPLOAD_RETENTION_MS = 24 * 3600 * 1000;

/** The sha256 of every upload a version or an unfinished registration still names. */
function referencedUploads(records: RecordStore): Set<string> {
  const shas = new Set<string>();
  const versions = records.db.prepare('SELECT artifact_sha256 AS a, payload_sha256 AS p FROM model_versions').all() as Array<{ a: string; p: string | null }>;
  for (const v of versions) {
    shas.add(v.a);
    if (v.p) shas.add(v.p);
  }
  const unfinished = records.db
    .prepare("SELECT request_json AS r FROM registrations WHERE status IN ('PENDING', 'VALIDATING')")
    .all() as Array<{ r: string }>;
  for (const { r } of unfinished) {
    const request = JSON.parse(r) as { model_artifact_uri?: string; payload_artifact_uri?: string };
    for (const uri of [request.model_artifact_uri, request.payload_artifact_uri]) {
      const sha = uri ? uploadedSha256(uri) : undefined;
      if (sha) shas.add(sha);
    }
  }
  return shas;
}

export interface CollectedUploads {
  deleted: number;
  bytes: number;
  kept: number;
}

/** Deletes the uploads older than `retentionMs` that nothing names (see the module comment). */
export async function collectUploads(records: RecordStore, artifactStore: ArtifactStore, retentionMs: number, now = Date.now()): Promise<CollectedUploads> {
  const uploads = await artifactStore.store.list(joinS3Uri(artifactStore.prefix, 'artifacts/'));
  const referenced = referencedUploads(records);
  let deleted = 0;
  let bytes = 0;
  for (const upload of uploads) {
    const sha = /sha256-([0-9a-f]{64})$/.exec(upload.uri)?.[1];
    if (!sha || referenced.has(sha)) continue;
    if (!upload.lastModified || now - upload.lastModified.getTime() < retentionMs) continue;
    await artifactStore.store.delete(upload.uri);
    deleted++;
    bytes += upload.size;
  }
  return { deleted, bytes, kept: uploads.length - deleted };
}
