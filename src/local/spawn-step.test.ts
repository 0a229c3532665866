/**
 * A step's log that cannot be written (a full disk; /dev/full answers every write with ENOSPC)
 * fails the step with an error naming the log, instead of crashing the runner with an
 * unhandled 'error' event; a step that writes a lot does not hang on its unread output.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalRunError } from '../errors.js';
import { spawnToLog } from './spawn-step.js';
import type { Spawnable } from './sandbox.js';

function node(script: string): Spawnable {
  return { file: process.execPath, args: ['-e', script], env: { PATH: process.env.PATH ?? '' }, cwd: tmpdir(), sandbox: 'none' };
}

describe('spawnToLog', () => {
  it('writes what the step prints to its log', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'sagewire-spawn-')), 'log.txt');
    const outcome = await spawnToLog(node('console.log("hello"); console.error("world")'), log);
    expect(outcome.exitCode).toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('hello');
    expect(outcome.stdoutTail).toBe('hello\n');
  });

  it('a log on a full disk: the step is stopped and fails naming the log (no crash, no hang)', async () => {
    const started = Date.now();
    const err = await spawnToLog(node('setInterval(() => process.stdout.write("x".repeat(65536)), 1)'), '/dev/full').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalRunError);
    expect((err as LocalRunError).message).toMatch(/^cannot write the step's log \/dev\/full \(ENOSPC: .*\); the step was stopped$/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
});
