/** Reads the registration config JSON and lists every missing or wrong field at once. */
import { readJsonFileSync } from '../../fs/json-input.js';
import { ScriptError, type Issue } from '../../errors.js';
import { zodIssues } from '../../registry/model/parse-request.js';
import { registrationConfigSchema, type RegistrationConfig } from '../../registry/model/request-schema.js';
import { REQUIRED_REGISTRATION_FIELDS } from '../../steps/registration/contract.js';

/** Validates a parsed config; `source` names it in the error. */
export function checkRegistrationConfig(value: unknown, source: string): RegistrationConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ScriptError(`${source}: must be a JSON object of registration fields, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  const obj = value as Record<string, unknown>;
  const missing: Issue[] = REQUIRED_REGISTRATION_FIELDS.filter((f) => obj[f] === undefined || obj[f] === null || obj[f] === '').map((f) => ({
    path: f,
    message: 'is required',
  }));
  const result = registrationConfigSchema.safeParse(value);
  const wrong = result.success ? [] : zodIssues(result.error, value).filter((i) => !missing.some((m) => m.path === i.path));
  const issues = [...missing, ...wrong];
  if (issues.length > 0 || !result.success) {
    const what = missing.length > 0 ? `${missing.length} required field(s) missing` : `${issues.length} field(s) wrong`;
    throw new ScriptError(`${source}: ${what}`, issues);
  }
  return result.data;
}

/** Reads and checks the config file; `label` names it in errors (the CLI says `--config`). */
export function readRegistrationConfig(path: string, label = 'registration config'): RegistrationConfig {
  const value = readJsonFileSync(path, {
    what: `the ${label}`,
    fail: (message, issues) => new ScriptError(`${label} ${message}`, issues),
    missing: () => new ScriptError(`${label}: ${path} does not exist`),
  });
  return checkRegistrationConfig(value, `registration config ${path}`);
}
