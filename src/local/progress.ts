/**
 * Progress of a local run: on a terminal one line per step, redrawn in place (status and
 * duration); otherwise one plain log line per status change.
 */
import type { StepEvent, StepStatus } from './run-types.js';

export interface ProgressSink {
  onEvent(e: StepEvent): void;
  /** A log line; on a terminal it is printed above the step lines, which are then redrawn. */
  log(line: string): void;
  /** Draws the final state and stops any timer. */
  finish(): void;
}

const MARK: Record<StepStatus, string> = {
  waiting: '·',
  running: '▶',
  cached: '↺',
  done: '✓',
  failed: '✗',
  skipped: '-',
};

const COLOR: Record<StepStatus, string> = {
  waiting: '\x1b[2m',
  running: '\x1b[36m',
  cached: '\x1b[35m',
  done: '\x1b[32m',
  failed: '\x1b[31m',
  skipped: '\x1b[2m',
};

/** `1.2s`, `850ms`, `2m03s`. */
export function formatDuration(ms: number): string {
  // Round to the unit shown first, so that 59.96 s is not printed as "60.0s" nor 119.7 s as "1m60s".
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Plain lines (`[run] Package running`, `[run] Package done 1.2s`), for logs and CI. */
export function plainProgress(log: (line: string) => void): ProgressSink {
  return {
    onEvent(e) {
      if (e.status === 'waiting') return;
      const dur = e.durationMs !== undefined ? ` ${formatDuration(e.durationMs)}` : '';
      const why = e.status === 'failed' || e.status === 'skipped' || e.status === 'cached' ? (e.message ? ` — ${e.message.split('\n')[0]}` : '') : '';
      log(`[run] ${e.step} ${e.status}${dur}${why}`);
    },
    log,
    finish() {},
  };
}

/** One redrawn line per step on a terminal stream. */
export function ttyProgress(out: NodeJS.WritableStream & { columns?: number }): ProgressSink {
  const rows = new Map<string, { e: StepEvent; since: number }>();
  let drawn = 0;
  const draw = () => {
    const width = Math.max(40, (out.columns ?? 100) - 1);
    const nameWidth = Math.min(40, Math.max(...[...rows.keys()].map((k) => k.length), 4));
    let text = drawn ? `\x1b[${drawn}A` : '';
    for (const { e, since } of rows.values()) {
      const ms = e.status === 'running' ? Date.now() - since : e.durationMs;
      const dur = ms !== undefined && e.status !== 'waiting' ? formatDuration(ms) : '';
      const line = `${MARK[e.status]} ${e.step.padEnd(nameWidth)}  ${e.status.padEnd(7)} ${dur.padStart(7)}`;
      text += `\x1b[2K${COLOR[e.status]}${line.slice(0, width)}\x1b[0m\n`;
    }
    drawn = rows.size;
    out.write(text);
  };
  const timer = setInterval(() => {
    if ([...rows.values()].some((r) => r.e.status === 'running')) draw();
  }, 250);
  timer.unref();
  return {
    onEvent(e) {
      const prev = rows.get(e.step);
      rows.set(e.step, { e, since: e.status === 'running' || !prev ? Date.now() : prev.since });
      draw();
    },
    log(line) {
      out.write(`${drawn ? `\x1b[${drawn}A\x1b[J` : ''}${line}\n`);
      drawn = 0;
      if (rows.size) draw();
    },
    finish() {
      clearInterval(timer);
      if (rows.size) draw();
    },
  };
}
