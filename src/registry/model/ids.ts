/**
 * Identifier formats of the inventory.
 *
 * - model id: `model-<12 hex>`, derived from (domain, objective), so the same pair is always
 *   the same model and a client knows the id as soon as it registers;
 * - registration id: `reg-<uuid>`;
 * - execution ARN: `arn:sagewire:inventory:<region>:local:execution/<registration id>`, the
 *   stand-in for MIMS's Step Functions execution ARN (region = model_registration_region).
 */
import { createHash, randomUUID } from 'node:crypto';

export function modelIdFor(domain: string, objective: string): string {
  return `model-${createHash('sha256').update(`${domain}\0${objective}`).digest('hex').slice(0, 12)}`;
}

export function newRegistrationId(): string {
  return `reg-${randomUUID()}`;
}

export function executionArnFor(region: string, registrationId: string): string {
  return `arn:sagewire:inventory:${region}:local:execution/${registrationId}`;
}
