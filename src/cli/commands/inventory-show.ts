/** `sagewire inventory show <model> [version]`: a model with its versions, or one version in full. */
import type { CommandContext, CommandResult } from '../context.js';
import { inventoryClientFrom, versionArg, type ConnectionOptions } from './inventory-connection.js';
import { modelText, versionText } from './inventory-render.js';

export async function run(raw: Record<string, unknown>, _ctx: CommandContext): Promise<CommandResult> {
  const opts = raw as unknown as ConnectionOptions & { model: string; version?: string };
  const client = inventoryClientFrom(opts);
  if (opts.version !== undefined) {
    const version = await client.getVersion(opts.model, versionArg(opts.version));
    return { data: { modelVersion: version }, text: versionText(version) };
  }
  const model = await client.getModel(opts.model);
  return { data: { model }, text: modelText(model) };
}
