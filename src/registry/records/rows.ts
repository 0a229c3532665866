/** SQLite rows and their conversion to the API's records. */
import type { AuditAction, AuditEntry, Model, ModelVersion, Registration, RegistrationStatus } from '../model/records.js';
import type { ApprovalStatus } from '../model/registry-rules.js';
import type { NormalizedRegistrationRequest } from '../model/request-schema.js';

export interface RegistrationRow {
  id: string;
  execution_arn: string;
  model_id: string;
  status: RegistrationStatus;
  reason: string | null;
  model_version: number | null;
  idempotency_key: string | null;
  request_json: string;
  request_sha256: string;
  created_at: string;
  updated_at: string;
}

export interface ModelRow {
  id: string;
  domain: string;
  objective: string;
  created_at: string;
  latest_version: number | null;
}

export interface VersionRow {
  model_id: string;
  version: number;
  artifact_uri: string;
  artifact_sha256: string;
  payload_uri: string | null;
  payload_sha256: string | null;
  registration_id: string;
  request_json: string;
  created_at: string;
  approval_status: ApprovalStatus;
  approval_reason: string | null;
  approval_by: string | null;
  approval_at: string | null;
  model_card: string | null;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: AuditAction;
  model_id: string;
  version: number | null;
  subject: string | null;
  before_json: string | null;
  after_json: string | null;
}

export function rowToAudit(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    modelId: row.model_id,
    version: row.version,
    subject: row.subject,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
  };
}

export function rowToRegistration(row: RegistrationRow): Registration {
  return {
    registrationId: row.id,
    executionArn: row.execution_arn,
    modelId: row.model_id,
    status: row.status,
    reason: row.reason,
    modelVersion: row.model_version,
    idempotencyKey: row.idempotency_key,
    request: JSON.parse(row.request_json) as NormalizedRegistrationRequest,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function rowToModel(row: ModelRow): Model {
  return { modelId: row.id, domain: row.domain, objective: row.objective, createdAt: row.created_at, latestVersion: row.latest_version ?? 0 };
}

/** A version row with its tags and the aliases pointing at it. */
export function rowToVersion(row: VersionRow, tags: Record<string, string>, aliases: string[]): ModelVersion {
  return {
    modelId: row.model_id,
    version: row.version,
    artifactUri: row.artifact_uri,
    artifactSha256: row.artifact_sha256,
    payloadUri: row.payload_uri,
    payloadSha256: row.payload_sha256,
    registrationId: row.registration_id,
    request: JSON.parse(row.request_json) as NormalizedRegistrationRequest,
    createdAt: row.created_at,
    approval: { status: row.approval_status, reason: row.approval_reason, by: row.approval_by, at: row.approval_at },
    tags,
    aliases,
    modelCard: row.model_card,
  };
}
