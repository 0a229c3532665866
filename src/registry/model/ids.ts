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

/**
 * The model id a (domain, objective) pair gets first. Names cannot hold control characters,
 * so `domain NUL objective` is unambiguous; the record store lengthens the id (`hexChars`)
 * in the unlikely case another pair already holds the 12-hex one.
 */
export function modelIdFor(domain: string, objective: string, hexChars = 12): string {
  return `model-${createHash('sha256').update(`${domain}\0${objective}`).digest('hex').slice(0, hexChars)}`;
}

export function newRegistrationId(): string {
  return `reg-${randomUUID()}`;
}

export function executionArnFor(region: string, registrationId: string): string {
  return `arn:sagewire:inventory:${region}:local:execution/${registrationId}`;
}
