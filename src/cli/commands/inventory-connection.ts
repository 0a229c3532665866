/**
 * How the `sagewire inventory …` client commands reach the inventory: `--inventory <url>` (or
 * SAGEWIRE_INVENTORY_URL), and a bearer token (`--token` or SAGEWIRE_INVENTORY_TOKEN) or an
 * IAM identity (`--iam`, `--sts-endpoint`), as `sagewire register` does.
 */
import { UsageError } from '../../errors.js';
import { InventoryClient, type InventoryAuth } from '../../registry/client/inventory-client.js';

export interface ConnectionOptions {
  inventory?: string;
  token?: string;
  iam?: boolean;
  stsEndpoint?: string;
}

export function inventoryClientFrom(opts: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): InventoryClient {
  const url = opts.inventory ?? env.SAGEWIRE_INVENTORY_URL;
  if (!url) throw new UsageError('--inventory <url> is required (or set SAGEWIRE_INVENTORY_URL)');
  if (!/^https?:\/\/[^/\s]+/.test(url)) throw new UsageError(`--inventory: expected an http(s):// URL, got "${url}"`);
  const token = opts.token ?? env.SAGEWIRE_INVENTORY_TOKEN;
  if (opts.iam && opts.token) throw new UsageError('give --iam or --token, not both');
  let auth: InventoryAuth | undefined;
  if (opts.iam) auth = { kind: 'iam', ...(opts.stsEndpoint ? { stsEndpoint: opts.stsEndpoint } : {}) };
  else if (token) auth = { kind: 'token', token };
  // a CLI user waits for an answer, not for a long backoff against a dead URL
  return new InventoryClient(url, { ...(auth ? { auth } : {}), retry: { attempts: 2 } });
}

/** A positive integer argument, or a usage error naming it. */
export function versionArg(value: unknown, name = 'version'): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`<${name}>: expected a version number (1, 2, …), got "${String(value)}"`);
  return n;
}
