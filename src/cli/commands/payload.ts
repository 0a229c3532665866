/** `sagewire payload`: the payload script on a laptop. */
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { generatePayloads, type PayloadSummary } from '../../scripts/payload/generate-payloads.js';
import { loadPayloadConfigOption } from '../../scripts/payload/config-option.js';
import { formatSummary } from '../../scripts/common/summary.js';
import type { CommandContext, CommandResult } from '../context.js';
import { archiveLimitsFromEnv, trustAppendIndexFromEnv } from '../../scripts/common/archive-limits.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult<PayloadSummary>> {
  if (opts.step !== undefined && opts.config === undefined) throw new UsageError('--step needs --config <sagewire config file>');
  const loaded =
    opts.config === undefined
      ? undefined
      : await loadPayloadConfigOption(resolve(ctx.cwd, String(opts.config)), opts.step === undefined ? undefined : String(opts.step));
  if (loaded && loaded.unknownKeys.length > 0) ctx.log(`ignoring unknown key(s) in ${loaded.source}: ${loaded.unknownKeys.join(', ')}`);
  const summary = await generatePayloads({
    model: resolve(ctx.cwd, String(opts.model)),
    config: loaded?.config,
    configSource: loaded?.source,
    contentTypes: opts.contentTypes === undefined ? undefined : String(opts.contentTypes).split(','),
    limits: archiveLimitsFromEnv(),
    trustIndex: trustAppendIndexFromEnv(),
    outDir: resolve(ctx.cwd, String(opts.out)),
    log: ctx.log,
  });

  return { data: summary, text: formatSummary(summary) };
}
