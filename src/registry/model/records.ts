/** What the inventory keeps, as returned by its API. */
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
}
