import { describe, expect, it } from 'vitest';
import { formatDuration, plainProgress, ttyProgress } from './progress.js';

describe('progress', () => {
  it('plain: one line per status change, with duration and why', () => {
    const lines: string[] = [];
    const p = plainProgress((l) => lines.push(l));
    p.onEvent({ step: 'A', type: 'Processing', status: 'waiting' });
    p.onEvent({ step: 'A', type: 'Processing', status: 'running' });
    p.onEvent({ step: 'A', type: 'Processing', status: 'failed', durationMs: 1500, message: 'boom\nmore' });
    p.onEvent({ step: 'B', type: 'Processing', status: 'cached', durationMs: 20, message: 'cached: reused the result of execution e1' });
    p.finish();
    expect(lines).toEqual(['[run] A running', '[run] A failed 1.5s — boom', '[run] B cached 20ms — cached: reused the result of execution e1']);
  });

  it('tty: one line per step, redrawn in place', () => {
    let out = '';
    const stream = { write: (s: string) => ((out += s), true), columns: 80 } as unknown as NodeJS.WritableStream;
    const p = ttyProgress(stream);
    p.onEvent({ step: 'Train', type: 'Training', status: 'waiting' });
    p.onEvent({ step: 'Pack', type: 'Processing', status: 'waiting' });
    p.onEvent({ step: 'Train', type: 'Training', status: 'done', durationMs: 2500 });
    p.log('condition Check is true');
    expect(out.endsWith('\n')).toBe(true);
    expect(out).toContain('\x1b[2A\x1b[Jcondition Check is true\n');
    p.finish();
    const last = out.slice(out.lastIndexOf('\x1b[2A'));
    expect(last).toContain('Train');
    expect(last).toContain('done');
    expect(last).toContain('2.5s');
    expect(last).toContain('Pack');
    expect(last.split('\n').length - 1).toBe(2);
  });

  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(1234)).toBe('1.2s');
    expect(formatDuration(999.6)).toBe('1.0s');
    expect(formatDuration(59_960)).toBe('1m00s');
    expect(formatDuration(119_700)).toBe('2m00s');
    expect(formatDuration(123_000)).toBe('2m03s');
    expect(formatDuration(123_000)).toBe('2m03s');
  });
});
