/** Starts a step's process and writes everything it prints to the step's log file. */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { Spawnable } from './sandbox.js';

export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last 8 KiB the process printed on stdout (a script's one-line result). */
  stdoutTail: string;
}

export function spawnToLog(p: Spawnable, logPath: string, timeoutMs?: number): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logPath, { flags: 'a' });
    const child = spawn(p.file, p.args, { cwd: p.cwd, env: p.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    let timedOut = false;
    let stdoutTail = '';
    child.stdout.on('data', (d: Buffer) => {
      stdoutTail = (stdoutTail + d.toString('utf8')).slice(-8192);
    });
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs)
      : undefined;
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      log.end(`\n[sagewire] cannot start ${p.file}: ${err.message}\n`, () => reject(err));
    });
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      log.end(() => resolve({ exitCode, signal, timedOut, stdoutTail }));
    });
  });
}
