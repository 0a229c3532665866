/**
 * Picks the registrar from the environment: `SAGEWIRE_REGISTRAR` is an inventory URL
 * (token in `SAGEWIRE_INVENTORY_TOKEN`) or `sagemaker` (region from the config's
 * model_registration_region, endpoint from `AWS_ENDPOINT_URL`).
 */
import { ScriptError } from '../../errors.js';
import { InventoryRegistrar } from '../../registry/registrars/inventory-registrar.js';
import type { ModelRegistrar } from '../../registry/registrars/model-registrar.js';
import { SageMakerRegistrar } from '../../registry/registrars/sagemaker-registrar.js';
import type { ObjectStore } from '../../store/index.js';

export const REGISTRAR_ENV = 'SAGEWIRE_REGISTRAR';
export const TOKEN_ENV = 'SAGEWIRE_INVENTORY_TOKEN';

export function registrarFromEnv(env: NodeJS.ProcessEnv, region: string, store: ObjectStore): ModelRegistrar {
  const target = env[REGISTRAR_ENV]?.trim();
  if (!target) {
    throw new ScriptError(`${REGISTRAR_ENV} is not set: give an inventory URL (http://host:port) or "sagemaker"`);
  }
  if (target === 'sagemaker') {
    return new SageMakerRegistrar({ region, store, ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}) });
  }
  if (/^https?:\/\/[^/]+/.test(target)) return new InventoryRegistrar(target, env[TOKEN_ENV] || undefined);
  throw new ScriptError(`${REGISTRAR_ENV}: expected an inventory URL (http://host:port) or "sagemaker", got ${JSON.stringify(target)}`);
}
