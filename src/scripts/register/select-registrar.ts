/**
 * Picks the registrar from the environment: `SAGEWIRE_REGISTRAR` is an inventory URL or
 * `sagemaker` (endpoint from `AWS_ENDPOINT_URL`). An inventory is authenticated by
 * `SAGEWIRE_INVENTORY_TOKEN` (local runs), else a token read at run time from the Secrets
 * Manager secret `SAGEWIRE_INVENTORY_TOKEN_SECRET`, else (`SAGEWIRE_INVENTORY_AUTH=iam`) the
 * job's IAM identity. AWS calls use the AWS region of the config's region code (NA, EU, FE).
 */
import { AWS_REGION_BY_CODE, type Region } from '../../config/base-config.js';
import { ScriptError } from '../../errors.js';
import { InventoryRegistrar } from '../../registry/registrars/inventory-registrar.js';
import type { ModelRegistrar } from '../../registry/registrars/model-registrar.js';
import { SageMakerRegistrar } from '../../registry/registrars/sagemaker-registrar.js';
import type { ObjectStore } from '../../store/index.js';
import { readTokenSecret, TOKEN_SECRET_ENV } from './inventory-token-secret.js';

export const REGISTRAR_ENV = 'SAGEWIRE_REGISTRAR';
export const TOKEN_ENV = 'SAGEWIRE_INVENTORY_TOKEN';

/** The AWS region for a region code (NA -> us-east-1, ...); an AWS region name is kept. */
export function awsRegionOf(region: string): string {
  return AWS_REGION_BY_CODE[region as Region] ?? region;
}

export async function registrarFromEnv(env: NodeJS.ProcessEnv, region: string, store: ObjectStore): Promise<ModelRegistrar> {
  const target = env[REGISTRAR_ENV]?.trim();
  if (!target) {
    throw new ScriptError(`${REGISTRAR_ENV} is not set: give an inventory URL (http://host:port) or "sagemaker"`);
  }
  const awsRegion = env.AWS_REGION?.trim() || awsRegionOf(region);
  if (target === 'sagemaker') {
    return new SageMakerRegistrar({ region: awsRegionOf(region), store, ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}) });
  }
  if (!/^https?:\/\/[^/]+/.test(target)) {
    throw new ScriptError(`${REGISTRAR_ENV}: expected an inventory URL (http://host:port) or "sagemaker", got ${JSON.stringify(target)}`);
  }
  let token = env[TOKEN_ENV] || undefined;
  const secret = env[TOKEN_SECRET_ENV]?.trim();
  if (!token && secret) token = await readTokenSecret(secret, awsRegion, env.AWS_ENDPOINT_URL || undefined);
  return new InventoryRegistrar(target, token);
}
