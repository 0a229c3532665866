import type { ArchiveLimits } from '../../archive/index.js';
import { ScriptError } from '../../errors.js';
import { TRUST_APPEND_INDEX_ENV } from '../../spec/append-index-trust.js';

/** True when `SAGEWIRE_TRUST_APPEND_INDEX` is `1`. */
export function trustAppendIndexFromEnv(env: Record<string, string | undefined> = process.env): boolean {
  return env[TRUST_APPEND_INDEX_ENV] === '1';
}

/** Environment variable with archive limits for the scripts: JSON, e.g. `{"maxTotalBytes": 1e9}`. */
export const LIMITS_ENV = 'SAGEWIRE_ARCHIVE_LIMITS';

const KEYS: ReadonlyArray<keyof ArchiveLimits> = ['maxEntries', 'maxTotalBytes', 'maxRatio', 'maxEntryBytes', 'maxHeaderBytes'];

/**
 * Archive limits overriding the engine's defaults, from `SAGEWIRE_ARCHIVE_LIMITS` (read by both
 * the CLI commands and the container bundles). Undefined when unset; a malformed value is a
 * ScriptError naming the key.
 */
export function archiveLimitsFromEnv(env: Record<string, string | undefined> = process.env): Partial<ArchiveLimits> | undefined {
  const raw = env[LIMITS_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new ScriptError(`${LIMITS_ENV}: must be a JSON object such as {"maxTotalBytes": 1000000} (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ScriptError(`${LIMITS_ENV}: must be a JSON object, got ${JSON.stringify(parsed)}`);
  }
  const limits: Partial<ArchiveLimits> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(KEYS as string[]).includes(key)) throw new ScriptError(`${LIMITS_ENV}.${key}: unknown limit; known: ${KEYS.join(', ')}`);
    if (typeof value !== 'number' || !(value > 0)) throw new ScriptError(`${LIMITS_ENV}.${key}: must be a positive number, got ${JSON.stringify(value)}`);
    limits[key as keyof ArchiveLimits] = value;
  }
  return limits;
}
