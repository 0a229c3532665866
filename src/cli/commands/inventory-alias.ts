/**
 * `sagewire inventory alias <model> <alias> [version]`: with a version, points the alias at
 * it; without, shows where it points; with `--delete`, removes it.
 */
import { UsageError } from '../../errors.js';
import type { CommandContext, CommandResult } from '../context.js';
import { inventoryClientFrom, versionArg, type ConnectionOptions } from './inventory-connection.js';

export async function run(raw: Record<string, unknown>, _ctx: CommandContext): Promise<CommandResult> {
  const opts = raw as unknown as ConnectionOptions & { model: string; alias: string; version?: string; delete?: boolean };
  const client = inventoryClientFrom(opts);
  if (opts.delete) {
    if (opts.version !== undefined) throw new UsageError('--delete takes no version');
    const { deleted } = await client.deleteAlias(opts.model, opts.alias);
    return { data: { deleted }, text: `${opts.model}@${opts.alias} deleted (was v${deleted.version})` };
  }
  if (opts.version === undefined) {
    const alias = await client.getAlias(opts.model, opts.alias);
    return { data: { alias }, text: `${opts.model}@${opts.alias} -> v${alias.version} (set by ${alias.setBy} at ${alias.setAt})` };
  }
  const alias = await client.setAlias(opts.model, opts.alias, versionArg(opts.version));
  return { data: { alias }, text: `${opts.model}@${opts.alias} -> v${alias.version}` };
}
