/**
 * Picks the registrar from the environment: `SAGEWIRE_REGISTRAR` is an inventory URL or
 * `sagemaker` (endpoint from `AWS_ENDPOINT_URL`). An inventory is authenticated by
 * `SAGEWIRE_INVENTORY_TOKEN` (local runs), else a token read at run time from the Secrets
 * Manager secret `SAGEWIRE_INVENTORY_TOKEN_SECRET`, else (`SAGEWIRE_INVENTORY_AUTH=iam`) the
 * job's IAM identity. AWS calls use the AWS region of the config's region code (NA, EU, FE).
 */
import { AWS_REGION_BY_CODE, type Region } from '../../config/base-config.js';
import { ScriptError } from '../../errors.js';
import type { InventoryAuth } from '../../registry/client/inventory-client.js';
import { InventoryRegistrar } from '../../registry/registrars/inventory-registrar.js';
import type { ModelRegistrar } from '../../registry/registrars/model-registrar.js';
import { SageMakerRegistrar } from '../../registry/registrars/sagemaker-registrar.js';
import type { ObjectStore } from '../../store/index.js';
import { readTokenSecret, TOKEN_SECRET_ENV } from './inventory-token-secret.js';

export const REGISTRAR_ENV = 'SAGEWIRE_REGISTRAR';
export const TOKEN_ENV = 'SAGEWIRE_INVENTORY_TOKEN';
export const AUTH_ENV = 'SAGEWIRE_INVENTORY_AUTH';

/**
 * `SAGEWIRE_INVENTORY_AUTH=iam|token`: `iam` presigns an sts:GetCallerIdentity from the job's
 * role (STS at AWS_ENDPOINT_URL_STS when set); `token` needs SAGEWIRE_INVENTORY_TOKEN. Unset:
 * the token when there is one, else IAM inside a SageMaker job (container credentials), else none.
 */
export function inventoryAuthFromEnv(env: NodeJS.ProcessEnv): InventoryAuth | undefined {
  const mode = env[AUTH_ENV]?.trim();
  const token = env[TOKEN_ENV] || undefined;
  const iam = (): InventoryAuth => ({ kind: 'iam', ...(env.AWS_ENDPOINT_URL_STS ? { stsEndpoint: env.AWS_ENDPOINT_URL_STS } : {}) });
  if (mode === 'iam') return iam();
  if (mode === 'token') {
    if (!token) throw new ScriptError(`${AUTH_ENV}=token but ${TOKEN_ENV} is not set`);
    return { kind: 'token', token };
  }
  if (mode) throw new ScriptError(`${AUTH_ENV}: expected "iam" or "token", got ${JSON.stringify(mode)}`);
  if (token) return { kind: 'token', token };
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return iam();
  return undefined;
}

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
  if (token && env[AUTH_ENV]?.trim() !== 'iam') return new InventoryRegistrar(target, { kind: 'token', token });
  return new InventoryRegistrar(target, inventoryAuthFromEnv(env));
}
