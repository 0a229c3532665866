/** `sagewire inventory serve`: runs the model inventory until SIGINT or SIGTERM. */
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { startInventoryServer } from '../../registry/server/start-server.js';
import { readTokenFile } from '../../registry/server/tokens.js';
import type { CommandContext, CommandResult } from '../context.js';

interface ServeOptions {
  port?: string;
  host?: string;
  dataDir?: string;
  tokenFile?: string;
  artifactStore?: string;
  stsEndpoint?: string;
  serverId?: string;
  uploadRetentionHours?: string;
}

export async function run(raw: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const opts = raw as ServeOptions;
  const port = Number(opts.port ?? 8479);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected 0-65535, got ${opts.port}`);
  const retentionHours = Number(opts.uploadRetentionHours ?? 24);
  if (!(retentionHours > 0)) throw new UsageError(`--upload-retention-hours: expected a number of hours above 0, got ${opts.uploadRetentionHours}`);
  const tokens = opts.tokenFile ? readTokenFile(resolve(ctx.cwd, opts.tokenFile)) : undefined;
  const host = opts.host ?? '127.0.0.1';
  const server = await startInventoryServer({
    dataDir: resolve(ctx.cwd, opts.dataDir ?? '.sagewire/inventory'),
    host,
    port,
    ...(tokens ? { tokens } : {}),
    ...(opts.artifactStore ? { artifactStore: opts.artifactStore } : {}),
    iam: { ...(opts.stsEndpoint ? { stsEndpoint: opts.stsEndpoint } : {}), ...(opts.serverId ? { serverId: opts.serverId } : {}) },
    uploadRetentionMs: retentionHours * 3600_000,
    log: (line) => ctx.log(`inventory: ${line}`),
  });
  if (!tokens) ctx.log(`inventory: no --token-file: the API is open to anyone who can reach ${host}, so only loopback addresses are allowed`);
  ctx.log(`sagewire inventory listening on ${server.url}`);
  const signal = await new Promise<string>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  ctx.log(`inventory: ${signal}: stopping`);
  await server.close();
  return { data: { url: server.url, stopped: signal }, text: `inventory at ${server.url} stopped` };
}
