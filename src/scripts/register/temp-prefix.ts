/**
 * Where the script uploads its temporary copies: `SAGEWIRE_TEMP_PREFIX`, else
 * `s3://<load_testing_info_map.sample_payload_s3_bucket>/sagewire-tmp`, else (a local folder
 * store) `s3://sagewire-tmp/tmp`; then a fresh `<uuid>/` under it, so runs never collide.
 */
import { randomUUID } from 'node:crypto';
import { ScriptError } from '../../errors.js';
import type { RegistrationConfig } from '../../registry/model/request-schema.js';
import { joinS3Uri, parseS3Uri, type ObjectStore } from '../../store/index.js';

export const TEMP_PREFIX_ENV = 'SAGEWIRE_TEMP_PREFIX';

export function tempPrefixFor(env: NodeJS.ProcessEnv, config: RegistrationConfig, store: ObjectStore): string {
  let base = env[TEMP_PREFIX_ENV]?.trim();
  if (base) {
    try {
      parseS3Uri(base);
    } catch {
      throw new ScriptError(`${TEMP_PREFIX_ENV}: expected s3://<bucket>/<prefix>, got ${JSON.stringify(base)}`);
    }
  } else if (config.load_testing_info_map?.sample_payload_s3_bucket) {
    base = `s3://${config.load_testing_info_map.sample_payload_s3_bucket}/sagewire-tmp`;
  } else if (store.kind === 'folder') {
    base = 's3://sagewire-tmp/tmp';
  } else {
    throw new ScriptError(
      `no temporary upload location: set ${TEMP_PREFIX_ENV}=s3://<bucket>/<prefix> (or load_testing_info_map.sample_payload_s3_bucket in the config)`,
    );
  }
  return joinS3Uri(base, `${randomUUID()}/`);
}
