/**
 * The inventory token of a registration job, read when the job runs from the Secrets Manager
 * secret its definition names (SAGEWIRE_INVENTORY_TOKEN_SECRET), with the job's own AWS
 * credentials: the token is never in the definition.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ScriptError } from '../../errors.js';

export const TOKEN_SECRET_ENV = 'SAGEWIRE_INVENTORY_TOKEN_SECRET';

export async function readTokenSecret(secretId: string, region: string, endpoint?: string): Promise<string> {
  const client = new SecretsManagerClient({ region, ...(endpoint ? { endpoint } : {}), maxAttempts: 5 });
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const token = out.SecretString?.trim();
    if (!token) throw new ScriptError(`${TOKEN_SECRET_ENV}: secret ${JSON.stringify(secretId)} has no string value (store the inventory token as its SecretString)`);
    return token;
  } catch (err) {
    if (err instanceof ScriptError) throw err;
    const e = err as Error;
    throw new ScriptError(
      `${TOKEN_SECRET_ENV}: cannot read secret ${JSON.stringify(secretId)} in ${region} (${e.name}: ${e.message}); the job's role needs secretsmanager:GetSecretValue on it`,
    );
  } finally {
    client.destroy();
  }
}
