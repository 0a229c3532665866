/**
 * Where `sagewire register` takes the registration fields from: a registration JSON
 * (`--config registration.json`), or a pipeline config and the name of its Registration node
 * (`--config config.json --step Registration`), through the same builder compile uses.
 */
import { loadConfigFile } from '../../steps/config-file.js';
import type { WithDerived } from '../../config/base-config.js';
import { ConfigError } from '../../errors.js';
import type { RegistrationConfig } from '../../registry/model/request-schema.js';
import { checkRegistrationConfig, readRegistrationConfig } from '../../scripts/register/read-registration-config.js';
import type { PayloadConfig } from '../../steps/payload/config.js';
import { registrationScriptConfig } from '../../steps/registration/registration-config.js';
import type { ModelRegistrationConfig } from '../../steps/registration/config.js';

export function registrationFieldsFrom(configFile: string, step: string | undefined): RegistrationConfig {
  if (step === undefined) return readRegistrationConfig(configFile, '--config');
  const configs = loadConfigFile(configFile, { nodes: [step] });
  const entry = configs[step];
  if (!entry || entry.stepType !== 'Registration') {
    const registrations = Object.entries(loadConfigFile(configFile))
      .filter(([, c]) => c.stepType === 'Registration')
      .map(([name]) => name);
    throw new ConfigError(
      `--step ${step}: ${entry ? `is a ${entry.stepType ?? 'base'} config, not a Registration` : 'no such node'} in ${configFile}` +
        (registrations.length > 0 ? ` (Registration nodes: ${registrations.join(', ')})` : ' (it has no Registration node)'),
    );
  }
  const all = loadConfigFile(configFile);
  const payloadName = Object.keys(all).find((n) => all[n]?.stepType === 'Payload');
  const payload = payloadName ? (all[payloadName]!.config as WithDerived<PayloadConfig>) : undefined;
  const packageName = Object.keys(all).find((n) => all[n]?.stepType === 'Package');
  const pkg = packageName ? (all[packageName]!.config as { use_large_processing_instance?: boolean; processing_instance_type_small?: string; processing_instance_type_large?: string }) : undefined;
  const packageInstanceType = pkg ? (pkg.use_large_processing_instance ? pkg.processing_instance_type_large : pkg.processing_instance_type_small) : undefined;
  const fields = registrationScriptConfig(step, entry.config as WithDerived<ModelRegistrationConfig>, payload, payloadName, packageInstanceType);
  return checkRegistrationConfig(fields, `${configFile} ${step}`);
}
