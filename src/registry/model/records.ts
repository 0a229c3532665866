/** What the inventory keeps, as returned by its API. */
import type { ApprovalStatus } from './registry-rules.js';
import type { NormalizedRegistrationRequest } from './request-schema.js';

export const REGISTRATION_STATUSES = ['PENDING', 'VALIDATING', 'REGISTERED', 'FAILED'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const TERMINAL_STATUSES: readonly RegistrationStatus[] = ['REGISTERED', 'FAILED'];

/** REGISTERED or FAILED: the workflow will not change it again. */
export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export interface Registration {
  registrationId: string;
  executionArn: string;
  modelId: string;
  status: RegistrationStatus;
  /** Why it FAILED; null otherwise. */
  reason: string | null;
  /** The model version it produced (or found, when idempotent); null until REGISTERED. */
  modelVersion: number | null;
  idempotencyKey: string | null;
  request: NormalizedRegistrationRequest;
  createdAt: string;
  updatedAt: string;
}

export interface ModelVersion {
  modelId: string;
  version: number;
  /** The inventory's own copy of the model.tar.gz. */
  artifactUri: string;
  artifactSha256: string;
  payloadUri: string | null;
  payloadSha256: string | null;
  /** The registration that created this version. */
  registrationId: string;
  request: NormalizedRegistrationRequest;
  createdAt: string;
  approval: Approval;
  tags: Record<string, string>;
  /** The model's aliases that point at this version. */
  aliases: string[];
  /** Markdown; null when the version has none. */
  modelCard: string | null;
}

/** A version's approval (SageMaker's ModelApprovalStatus): who set it, when and why. */
export interface Approval {
  status: ApprovalStatus;
  reason: string | null;
  /** The caller who set it; null while it is the default. */
  by: string | null;
  at: string | null;
}

/** A version found by search, with its model's domain and objective. */
export interface VersionMatch extends ModelVersion {
  domain: string;
  objective: string;
}

export interface Alias {
  modelId: string;
  alias: string;
  version: number;
  setBy: string;
  setAt: string;
}

export const AUDIT_ACTIONS = ['registration', 'approval', 'alias.set', 'alias.delete', 'tags', 'card'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One change to the registry, as the append-only audit log keeps it. */
export interface AuditEntry {
  seq: number;
  at: string;
  /** The caller: `token:<name>`, an IAM ARN, or `anonymous` on an open inventory. */
  actor: string;
  action: AuditAction;
  modelId: string;
  version: number | null;
  /** The alias of alias.* entries. */
  subject: string | null;
  before: unknown;
  after: unknown;
}

export interface Model {
  modelId: string;
  domain: string;
  objective: string;
  createdAt: string;
  latestVersion: number;
}

export interface ModelWithVersions extends Model {
  versions: ModelVersion[];
  /** alias -> version. */
  aliases: Record<string, number>;
}
