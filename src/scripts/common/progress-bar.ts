import { formatBytes, formatDuration } from './format.js';

/** Bytes done so far of a long job (the archive engine's `Progress` has this shape). */
export interface ByteProgress {
  bytesDone: number;
  bytesTotal?: number;
}

export interface ProgressBar {
  update(progress: ByteProgress): void;
  /** Clears the bar's line; call it before printing anything else. */
  finish(): void;
}

export interface ProgressBarOptions {
  /** Milliseconds between redraws (default 100). */
  intervalMs?: number;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

/**
 * A one-line progress bar on a terminal stream: label, bar, percent, bytes, rate and ETA
 * (bar, percent and ETA only when the total is known). Redraws at most every `intervalMs`.
 */
export function createProgressBar(
  stream: { write(chunk: string): unknown; columns?: number },
  label: string,
  options: ProgressBarOptions = {},
): ProgressBar {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 100;
  const started = now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(progress) {
      const t = now();
      const complete = progress.bytesTotal !== undefined && progress.bytesDone >= progress.bytesTotal;
      if (t - lastDraw < interval && !complete) return;
      lastDraw = t;
      drawn = true;
      stream.write(`\r\x1b[K${renderProgressLine(label, progress, (t - started) / 1000, stream.columns ?? 80)}`);
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** The text of one progress line (exported for tests). */
export function renderProgressLine(label: string, progress: ByteProgress, elapsed: number, columns: number): string {
  const rate = elapsed > 0 ? progress.bytesDone / elapsed : 0;
  const rateText = `${formatBytes(rate)}/s`;
  const total = progress.bytesTotal;
  if (total === undefined || total <= 0) return `${label} ${formatBytes(progress.bytesDone)} ${rateText}`;
  const fraction = Math.min(1, progress.bytesDone / total);
  const eta = rate > 0 ? (total - progress.bytesDone) / rate : Infinity;
  const tail = `${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(progress.bytesDone)}/${formatBytes(total)} ${rateText} ETA ${formatDuration(eta)}`;
  const width = Math.max(10, Math.min(40, columns - label.length - tail.length - 4));
  const filled = Math.round(fraction * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${tail}`;
}
