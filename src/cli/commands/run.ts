/** `sagewire run <pipeline.json>`: runs a definition locally, each step in a sandbox. */
import { join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { parseParamArgs, runPipelineFile } from '../../local/index.js';
import { resolveImageRoots } from '../../local/image-roots.js';
import { parseLimitArgs } from '../../local/limit-args.js';
import { plainProgress, ttyProgress } from '../../local/progress.js';
import { formatRegistrations } from '../../local/registrations.js';
import { formatRunSummary } from '../../local/summary-text.js';
import { graphFromSummary, renderHtml } from '../../report/index.js';
import type { CommandContext, CommandResult } from '../context.js';
import { failedStepsError } from '../failed-steps.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const pipeline = resolve(ctx.cwd, String(opts.pipeline));
  const parallel = Number(opts.parallel ?? 2);
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel must be a whole number >= 1, got ${String(opts.parallel)}`);
  const progress = ctx.tty ? ttyProgress(ctx.tty) : plainProgress(ctx.log);
  const stateDir = join(ctx.cwd, '.sagewire');
  const limits = parseLimitArgs((opts.limit as string[] | undefined) ?? []);
  const imageRoots = await resolveImageRoots((opts.imageRoot as string[] | undefined) ?? [], ctx.cwd, ctx.log);
  let summary;
  try {
    summary = await runPipelineFile(pipeline, {
      stateDir,
      storeDir: resolve(ctx.cwd, String(opts.store ?? '.sagewire/store')),
      ...(opts.s3Endpoint ? { s3Endpoint: String(opts.s3Endpoint) } : {}),
      parameters: parseParamArgs((opts.param as string[] | undefined) ?? []),
      ...(opts.embeddedInventory ? { inventory: 'embedded' as const } : opts.inventory ? { inventory: String(opts.inventory) } : {}),
      ...(process.env.SAGEWIRE_INVENTORY_TOKEN ? { inventoryToken: process.env.SAGEWIRE_INVENTORY_TOKEN } : {}),
      parallel,
      ...(Object.keys(limits).length ? { limits } : {}),
      ...(imageRoots.length ? { imageRoots } : {}),
      cache: opts.cache !== false,
      onEvent: (e) => progress.onEvent(e),
      log: (line) => progress.log(line),
    });
  } finally {
    progress.finish();
  }
  const extra: string[] = summary.registrations.length > 0 ? ['', ...formatRegistrations(summary.registrations)] : [];
  let report: string | undefined;
  if (opts.html) {
    report = resolve(ctx.cwd, String(opts.html));
    await writeFileAtomic(report, renderHtml(graphFromSummary(summary)));
    extra.push(`report: ${report}`);
  }
  const data = {
    ...summary,
    steps: summary.steps.map(({ logTail: _tail, ...s }) => s),
    ...(report ? { report } : {}),
  };
  const text = formatRunSummary(summary, extra);
  if (summary.status !== 'Failed') return { data, text };
  return { data, text, exitCode: 1, error: failedStepsError(summary) };
}
