/** `sagewire inventory approve <model> <version> [--status …] [--reason …]`: sets a version's approval. */
import { UsageError } from '../../errors.js';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../../registry/model/registry-rules.js';
import type { CommandContext, CommandResult } from '../context.js';
import { inventoryClientFrom, versionArg, type ConnectionOptions } from './inventory-connection.js';
import { approvalLine } from './inventory-render.js';

export async function run(raw: Record<string, unknown>, _ctx: CommandContext): Promise<CommandResult> {
  const opts = raw as unknown as ConnectionOptions & { model: string; version: string; status?: string; reason?: string };
  const status = (opts.status ?? 'Approved') as ApprovalStatus;
  if (!APPROVAL_STATUSES.includes(status)) throw new UsageError(`--status: expected one of ${APPROVAL_STATUSES.join(', ')}, got "${opts.status}"`);
  const version = versionArg(opts.version);
  const result = await inventoryClientFrom(opts).setApproval(opts.model, version, status, opts.reason);
  return { data: { modelId: result.modelId, modelVersion: result.version, approval: result.approval }, text: `${opts.model} v${version}: ${approvalLine(result.approval)}` };
}
