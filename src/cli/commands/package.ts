/** `sagewire package`: the packaging script on a laptop. */
import { resolve } from 'node:path';
import { packageModel } from '../../scripts/package/package-model.js';
import { createScriptIo } from '../../scripts/common/script-io.js';
import { formatSummary, type ScriptSummary } from '../../scripts/common/summary.js';
import type { CommandContext, CommandResult } from '../context.js';
import { archiveLimitsFromEnv, trustAppendIndexFromEnv } from '../../scripts/common/archive-limits.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult<ScriptSummary>> {
  const io = createScriptIo('package', ctx);
  try {
    const summary = await packageModel({
      model: resolve(ctx.cwd, String(opts.model)),
      scripts: resolve(ctx.cwd, String(opts.scripts)),
      calibration: opts.calibration === undefined ? undefined : resolve(ctx.cwd, String(opts.calibration)),
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
