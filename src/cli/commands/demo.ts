/** `sagewire demo`: sample model -> four-step pipeline -> local run -> registered model. */
import { join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { runDemo } from '../../demo/run-demo.js';
import { plainProgress, ttyProgress } from '../../local/progress.js';
import { formatRunSummary } from '../../local/summary-text.js';
import type { CommandContext, CommandResult } from '../context.js';
import { jsonError } from '../json-error.js';
import { failedStepsError } from '../failed-steps.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const size = Number(opts.size ?? 1048576);
  if (!Number.isInteger(size) || size < 1) throw new UsageError(`--size must be a whole number of bytes >= 1, got ${String(opts.size)}`);
  const progress = ctx.tty ? ttyProgress(ctx.tty) : plainProgress(ctx.log);
  let result;
  try {
    result = await runDemo({
      dir: resolve(ctx.cwd, String(opts.dir ?? '.sagewire/demo')),
      stateDir: join(ctx.cwd, '.sagewire'),
      size,
      ...(opts.cache === false ? { cache: false } : {}),
      onEvent: (e) => progress.onEvent(e),
      log: (line) => progress.log(line),
    });
  } finally {
    progress.finish();
  }
  const { summary } = result;
  const ok = summary.status === 'Succeeded' && result.registrationStatus === 'REGISTERED';
  const lines = [
    '',
    `registered model id: ${result.modelId ?? '(none)'}${result.registrationStatus ? ` (${result.registrationStatus}${result.modelVersion !== undefined ? `, version ${result.modelVersion}` : ''})` : ''}`,
    `packaged model:      ${result.packagedModelPath ?? '(none)'}`,
    `                     ${result.packagedModelUri ?? ''}`,
    `report:              ${result.report}`,
    `pipeline definition: ${result.pipeline}`,
  ];
  const data = {
    status: summary.status,
    executionId: summary.executionId,
    modelId: result.modelId ?? null,
    registrationStatus: result.registrationStatus ?? null,
    modelVersion: result.modelVersion ?? null,
    packagedModel: result.packagedModelPath ?? null,
    packagedModelUri: result.packagedModelUri ?? null,
    report: result.report,
    pipeline: result.pipeline,
    steps: summary.steps.map((s) => ({ name: s.name, status: s.status, durationMs: s.durationMs ?? null })),
  };
  const text = formatRunSummary(summary, lines);
  if (ok) return { data, text };
  const error =
    summary.status === 'Failed'
      ? failedStepsError(summary)
      : jsonError('INVENTORY', `the demo model was not registered (status ${result.registrationStatus ?? 'none'})`, [{ path: 'Registration', message: `status ${result.registrationStatus ?? 'none'}` }]);
  return { data, text, exitCode: 1, error };
}
