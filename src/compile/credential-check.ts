/**
 * No credential is ever written into a definition: anyone who can DescribePipeline reads it.
 * A literal value under a credential-like environment name (TOKEN, PASSWORD, API_KEY, ...),
 * or anything shaped like an AWS access key id, is a compile error. Names of secrets
 * (`..._SECRET`, `..._SECRET_ARN`, ...) are fine: the job reads the secret when it runs.
 */
import { ConfigError, type Issue } from '../errors.js';

const CREDENTIAL_NAME = /TOKEN|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|SECRET/i;
const SECRET_REFERENCE = /_SECRET(_ARN|_NAME|_ID)?$/i;
const AWS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every Environment map of a rendered step (Processing, Training, Model and RegisterModel containers). */
function environments(step: Obj): Array<{ path: string; env: Obj }> {
  const args = isObj(step.Arguments) ? step.Arguments : {};
  const out: Array<{ path: string; env: Obj }> = [];
  if (isObj(args.Environment)) out.push({ path: 'Arguments.Environment', env: args.Environment });
  if (isObj(args.PrimaryContainer) && isObj(args.PrimaryContainer.Environment)) {
    out.push({ path: 'Arguments.PrimaryContainer.Environment', env: args.PrimaryContainer.Environment });
  }
  const spec = isObj(args.InferenceSpecification) ? args.InferenceSpecification : {};
  (Array.isArray(spec.Containers) ? spec.Containers : []).forEach((c, i) => {
    if (isObj(c) && isObj(c.Environment)) out.push({ path: `Arguments.InferenceSpecification.Containers[${i}].Environment`, env: c.Environment });
  });
  return out;
}

export function checkNoCredentials(definition: Obj): void {
  const issues: Issue[] = [];
  for (const step of Array.isArray(definition.Steps) ? definition.Steps : []) {
    if (!isObj(step)) continue;
    for (const { path, env } of environments(step)) {
      for (const [k, v] of Object.entries(env)) {
        if (typeof v !== 'string' || v === '') continue;
        const where = `Steps.${String(step.Name)}.${path}.${k}`;
        if (CREDENTIAL_NAME.test(k) && !SECRET_REFERENCE.test(k)) {
          issues.push({ path: where, message: 'a literal credential would be readable by anyone who can describe the pipeline: name a Secrets Manager secret instead (registrar "inventory": inventory_token_secret), or rely on the job\'s IAM role' });
        } else if (AWS_KEY_ID.test(v)) {
          issues.push({ path: where, message: 'looks like an AWS access key id: jobs get credentials from their IAM role, never from the definition' });
        }
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(`the definition would carry ${issues.length} credential(s); nothing was written`, issues);
}
