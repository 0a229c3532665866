/** `sagewire dummy-train`: the dummy training script on a laptop. */
import { resolve } from 'node:path';
import { injectHyperparameters } from '../../scripts/dummy-training/inject-hyperparameters.js';
import { createScriptIo } from '../../scripts/common/script-io.js';
import { formatSummary, type ScriptSummary } from '../../scripts/common/summary.js';
import type { CommandContext, CommandResult } from '../context.js';
import { archiveLimitsFromEnv, trustAppendIndexFromEnv } from '../../scripts/common/archive-limits.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult<ScriptSummary>> {
  const io = createScriptIo('dummy-train', ctx);
  try {
    const summary = await injectHyperparameters({
      model: resolve(ctx.cwd, String(opts.model)),
      hyperparameters: opts.hyperparameters === undefined ? undefined : resolve(ctx.cwd, String(opts.hyperparameters)),
      suppliedAs: '--hyperparameters <file>',
      limits: archiveLimitsFromEnv(),
      outDir: resolve(ctx.cwd, String(opts.out)),
      rewrite: Boolean(opts.rewrite),
      verify: Boolean(opts.verify),
      trustIndex: trustAppendIndexFromEnv(),
      onProgress: io.onProgress,
      log: io.log,
    });
    return { data: summary, text: formatSummary(summary) };
  } finally {
    io.finish();
  }
}
