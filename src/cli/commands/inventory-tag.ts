/**
 * `sagewire inventory tag <model> <version> [key=value …] [--remove key …] [--card file | --no-card]`:
 * changes a version's tags (and its model card).
 */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { ScriptError, UsageError } from '../../errors.js';
import type { CommandContext, CommandResult } from '../context.js';
import { inventoryClientFrom, versionArg, type ConnectionOptions } from './inventory-connection.js';
import { versionLine } from './inventory-render.js';

export async function run(raw: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const opts = raw as unknown as ConnectionOptions & { model: string; version: string; tags?: string[]; remove?: string[]; card?: string | false };
  const tags: Record<string, string | null> = {};
  for (const pair of opts.tags ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`tag "${pair}": expected <key>=<value>`);
    tags[pair.slice(0, at)] = pair.slice(at + 1);
  }
  for (const key of opts.remove ?? []) {
    if (key in tags) throw new UsageError(`tag "${key}" is both set and removed`);
    tags[key] = null;
  }
  let card: string | null | undefined;
  if (opts.card === false) card = null;
  else if (typeof opts.card === 'string') {
    const file = resolve(ctx.cwd, opts.card);
    try {
      card = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ScriptError(`--card: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (Object.keys(tags).length === 0 && card === undefined) throw new UsageError('nothing to change: give key=value tags, --remove <key>, --card <file> or --no-card');
  const version = await inventoryClientFrom(opts).patchVersion(opts.model, versionArg(opts.version), {
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(card !== undefined ? { model_card: card } : {}),
  });
  return { data: { modelVersion: version }, text: versionLine(version) };
}
