/** `sagewire inventory audit [--model id] [--after seq] [--limit n] [--all]`: the audit log, oldest first. */
import type { AuditEntry } from '../../registry/model/records.js';
import type { CommandContext, CommandResult } from '../context.js';
import { inventoryClientFrom, versionArg, type ConnectionOptions } from './inventory-connection.js';
import { auditLine } from './inventory-render.js';

/** `--all` follows the pages up to this many entries. */
const ALL_LIMIT = 100_000;

export async function run(raw: Record<string, unknown>, _ctx: CommandContext): Promise<CommandResult> {
  const opts = raw as unknown as ConnectionOptions & { model?: string; after?: string; limit?: string; all?: boolean };
  const client = inventoryClientFrom(opts);
  const after = opts.after === undefined ? undefined : Number(opts.after);
  if (after !== undefined && !(Number.isInteger(after) && after >= 0)) versionArg(opts.after, 'after');
  const limit = opts.limit === undefined ? undefined : versionArg(opts.limit, 'limit');
  const entries: AuditEntry[] = [];
  let next: number | null = after ?? null;
  do {
    const page = await client.listAudit({ ...(next !== null ? { after: next } : {}), ...(limit ? { limit } : {}), ...(opts.model ? { modelId: opts.model } : {}) });
    entries.push(...page.entries);
    next = page.next;
  } while (opts.all && next !== null && entries.length < ALL_LIMIT);
  return {
    data: { entries, next },
    text: [...entries.map(auditLine), ...(next !== null && !opts.all ? [`(more: --after ${next})`] : [])].join('\n') || 'no audit entries',
  };
}
