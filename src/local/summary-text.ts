/** The human summary printed at the end of a local run. */
import { formatDuration } from './progress.js';
import type { RunSummary } from './run-types.js';

/** How many log lines the summary shows for a failed step. */
export const TAIL_LINES = 15;

function lastLines(text: string, n: number): string[] {
  const lines = text.replace(/\s+$/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  return lines.filter((l, i) => l.trim() !== '' || i > 0).slice(-n).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
}

export function formatRunSummary(s: RunSummary, extra: string[] = []): string {
  const width = Math.max(4, ...s.steps.map((x) => x.name.length));
  const lines = [`${s.pipelineName} execution ${s.executionId}: ${s.status} in ${formatDuration(s.durationMs)}`];
  for (const st of s.steps) {
    const dur = st.durationMs !== undefined && st.status !== 'skipped' ? formatDuration(st.durationMs) : '';
    const note = st.status === 'cached' ? '  (cached)' : st.status === 'skipped' && st.message ? `  (${st.message})` : '';
    lines.push(`  ${st.name.padEnd(width)}  ${st.status.padEnd(7)} ${dur.padStart(7)}${note}`);
  }
  for (const st of s.steps.filter((x) => x.status === 'failed')) {
    lines.push('', `step ${st.name} failed: ${(st.message ?? '').split('\n')[0]}`);
    if (st.logPath) lines.push(`  log: ${st.logPath}`);
    const tail = lastLines(st.logTail ?? '', TAIL_LINES);
    if (tail.length) lines.push(`  last ${tail.length === 1 ? 'line' : `${tail.length} lines`} of the log:`, ...tail.map((l) => `    | ${l}`));
  }
  lines.push(...extra);
  return lines.join('\n');
}
