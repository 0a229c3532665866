import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format.js';
import { createProgressBar, renderProgressLine } from './progress-bar.js';
import { formatSummary, withRate } from './summary.js';

describe('progress bar', () => {
  it('shows bar, percent, bytes, rate and ETA when the total is known', () => {
    const line = renderProgressLine('package', { bytesDone: 50 * 2 ** 20, bytesTotal: 100 * 2 ** 20 }, 5, 100);
    expect(line).toMatch(/^package \[#+\.+\] {2}50% 50\.0 MiB\/100\.0 MiB 10\.0 MiB\/s ETA 5s$/);
  });

  it('shows bytes and rate only when the total is unknown', () => {
    expect(renderProgressLine('payload', { bytesDone: 2048 }, 2, 80)).toBe('payload 2.0 KiB 1.0 KiB/s');
  });

  it('redraws at most every interval, always at 100%, and clears its line', () => {
    let t = 0;
    const out: string[] = [];
    const bar = createProgressBar({ write: (s: string) => out.push(s) }, 'x', { now: () => t, intervalMs: 100 });
    bar.update({ bytesDone: 1, bytesTotal: 10 });
    t = 50;
    bar.update({ bytesDone: 2, bytesTotal: 10 });
    t = 60;
    bar.update({ bytesDone: 10, bytesTotal: 10 });
    bar.finish();
    expect(out).toHaveLength(3);
    expect(out[1]).toContain('100%');
    expect(out[2]).toBe('\r\x1b[K');
  });
});

describe('formatting', () => {
  it('formats sizes and durations', () => {
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.0 GiB');
    expect(formatDuration(75)).toBe('1m15s');
    expect(formatDuration(Infinity)).toBe('?');
  });

  it('renders the one-line summary with entries, bytes, seconds and rate', () => {
    const summary = withRate({
      output: '/out/model.tar.gz',
      entries: 12,
      bytesIn: 10 * 2 ** 20,
      bytesOut: 11 * 2 ** 20,
      seconds: 2,
      method: 'append',
      injected: ['code/inference.py'],
      replaced: ['code/inference.py'],
    });
    expect(summary.mibPerSecond).toBe(5);
    expect(formatSummary(summary)).toBe(
      'model.tar.gz: 12 entries, 10.0 MiB in, 11.0 MiB out, 2.00 s, 5.0 MiB/s (append, 1 replaced) -> /out/model.tar.gz',
    );
  });
});

describe('createScriptIo', () => {
  it('draws progress only on a terminal and clears the bar before a log line', async () => {
    const { createScriptIo } = await import('./script-io.js');
    const logs: string[] = [];
    expect(createScriptIo('x', { log: (l) => logs.push(l) }).onProgress).toBeUndefined();
    const drawn: string[] = [];
    const io = createScriptIo('x', { log: (l) => logs.push(l), tty: { write: (s: string) => drawn.push(s) } });
    io.onProgress!({ bytesDone: 5, bytesTotal: 10 });
    io.log('hello');
    expect(drawn).toEqual([expect.stringContaining(' 50% '), '\r\x1b[K']);
    expect(logs).toEqual(['hello']);
  });
});
