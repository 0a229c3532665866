/** `sagewire inventory search [--tag k:v …] [--status …] [--q text] [--limit n]`: versions matching all. */
import { UsageError } from '../../errors.js';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../../registry/model/registry-rules.js';
import type { CommandContext, CommandResult } from '../context.js';
import { inventoryClientFrom, versionArg, type ConnectionOptions } from './inventory-connection.js';
import { versionLine } from './inventory-render.js';

export async function run(raw: Record<string, unknown>, _ctx: CommandContext): Promise<CommandResult> {
  const opts = raw as unknown as ConnectionOptions & { tag?: string[]; status?: string; q?: string; limit?: string };
  const tags = (opts.tag ?? []).map((t): [string, string] => {
    const at = t.indexOf(':');
    if (at <= 0) throw new UsageError(`--tag "${t}": expected <key>:<value>`);
    return [t.slice(0, at), t.slice(at + 1)];
  });
  if (opts.status !== undefined && !APPROVAL_STATUSES.includes(opts.status as ApprovalStatus)) {
    throw new UsageError(`--status: expected one of ${APPROVAL_STATUSES.join(', ')}, got "${opts.status}"`);
  }
  if (tags.length === 0 && !opts.status && !opts.q) throw new UsageError('give at least one of --tag <key>:<value>, --status <status>, --q <text>');
  const found = await inventoryClientFrom(opts).search({
    tags,
    ...(opts.status ? { status: opts.status as ApprovalStatus } : {}),
    ...(opts.q ? { q: opts.q } : {}),
    ...(opts.limit !== undefined ? { limit: versionArg(opts.limit, 'limit') } : {}),
  });
  return {
    data: { versions: found.versions },
    text: found.versions.length === 0 ? 'no version matches' : found.versions.map(versionLine).join('\n'),
  };
}
