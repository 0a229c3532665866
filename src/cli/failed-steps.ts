/** The `--json` error of a local run that failed: one issue per failed step, at the step's name. */
import type { RunSummary } from '../local/run-types.js';
import { jsonError, type JsonError } from './json-error.js';

export function failedStepsError(summary: Pick<RunSummary, 'pipelineName' | 'steps'>): JsonError {
  const failed = summary.steps.filter((s) => s.status === 'failed');
  return jsonError(
    'LOCAL_RUN',
    `${summary.pipelineName}: ${failed.length} step${failed.length === 1 ? '' : 's'} failed`,
    failed.map((s) => ({ path: s.name, message: `${s.message ?? 'failed'}${s.logPath ? ` (log: ${s.logPath})` : ''}` })),
  );
}
