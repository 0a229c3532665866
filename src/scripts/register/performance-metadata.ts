/**
 * Optional performance metadata (seed 002): `PERFORMANCE_METADATA_PATH` names an S3 object
 * (or a local file); otherwise the single JSON file in the metadata input folder, if any.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ScriptError } from '../../errors.js';
import { readJsonFileSync } from '../../fs/json-input.js';
import type { ObjectStore } from '../../store/index.js';
import { parseJsonText } from '../common/json-file.js';

export const PERFORMANCE_METADATA_ENV = 'PERFORMANCE_METADATA_PATH';

function checkObject(value: unknown, source: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ScriptError(`performance metadata ${source}: must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export async function readPerformanceMetadata(
  env: NodeJS.ProcessEnv,
  metadataDir: string,
  store: ObjectStore,
): Promise<Record<string, unknown> | undefined> {
  const path = env[PERFORMANCE_METADATA_ENV]?.trim();
  if (path) {
    if (path.startsWith('s3://')) return checkObject(parseJsonText((await store.getBytes(path)).toString('utf8'), `performance metadata ${path}`), path);
    return checkObject(readFile(path, () => new ScriptError(`${PERFORMANCE_METADATA_ENV}: ${path} does not exist`)), path);
  }
  if (!existsSync(metadataDir)) return undefined;
  const json = readdirSync(metadataDir).filter((f) => f.endsWith('.json'));
  if (json.length === 0) return undefined;
  if (json.length > 1) throw new ScriptError(`performance metadata: ${json.length} JSON files in ${metadataDir} (${json.join(', ')}); expected one`);
  const file = join(metadataDir, json[0]!);
  return checkObject(readFile(file), file);
}

function readFile(path: string, missing?: () => Error): unknown {
  return readJsonFileSync(path, {
    what: 'the performance metadata',
    fail: (message, issues) => new ScriptError(`performance metadata ${message}`, issues),
    ...(missing ? { missing } : {}),
  });
}
