/** Human rendering of an execution and its steps, shared by `deploy --wait` and `status`. */
import type { ExecutionReport } from './executions.js';

export function renderExecution(report: ExecutionReport): string[] {
  const lines = [`status: ${report.status}${report.failureReason ? ` (${report.failureReason})` : ''}`];
  if (report.startTime) lines.push(`started: ${report.startTime}`);
  if (report.steps) {
    if (report.steps.length === 0) lines.push('steps: none yet');
    const width = Math.max(0, ...report.steps.map((s) => s.name.length));
    for (const s of report.steps) {
      lines.push(`step ${s.name.padEnd(width)}  ${s.status}${s.failureReason ? `  ${s.failureReason}` : ''}`);
    }
  } else if (report.stepsUnavailable) {
    lines.push(`steps: unavailable (${report.stepsUnavailable})`);
  }
  return lines;
}
