/** Starts a step's process and writes everything it prints to the step's log file. */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { LocalRunError } from '../errors.js';
import { folderUsage, watchFolderUsage } from './folder-usage.js';
import type { Spawnable } from './sandbox.js';

/** A folder whose total size the step must keep under a bound (its /opt/ml). */
export interface FolderBound {
  dir: string;
  limitBytes: number;
  /** Folders under `dir` not counted (inputs bound read-only). */
  skip: string[];
}

export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the step was stopped for using more than the folder bound (bytes measured). */
  overBound?: { limitBytes: number; usedBytes: number };
  /** The last 8 KiB the process printed on stdout (a script's one-line result). */
  stdoutTail: string;
}

export function spawnToLog(p: Spawnable, logPath: string, timeoutMs?: number, bound?: FolderBound): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logPath, { flags: 'a' });
    const child = spawn(p.file, p.args, { cwd: p.cwd, env: p.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    // The log cannot be written (a full disk): the step is stopped and fails naming the log.
    let logError: LocalRunError | undefined;
    log.on('error', (err: NodeJS.ErrnoException) => {
      logError ??= new LocalRunError(`cannot write the step's log ${logPath} (${err.code ?? 'error'}: ${err.message}); the step was stopped`, [], { cause: err });
      child.stdout.resume();
      child.stderr.resume();
      child.kill('SIGKILL');
    });
    const finish = (settle: () => void) => {
      if (logError) reject(logError);
      else settle();
    };
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
    let overBound: ProcessOutcome['overBound'];
    const watch = bound
      ? watchFolderUsage(bound.dir, bound.limitBytes, bound.skip, (usedBytes) => {
          overBound = { limitBytes: bound.limitBytes, usedBytes };
          child.kill('SIGKILL');
        })
      : undefined;
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      watch?.stop();
      if (logError) reject(logError);
      else log.end(`\n[sagewire] cannot start ${p.file}: ${err.message}\n`, () => reject(err));
    });
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      watch?.stop();
      // The watch measures every 250 ms or more: a step that fills /opt/ml and exits in between
      // is caught by this last measurement, before anything of it is published.
      const last = bound && !overBound ? folderUsage(bound.dir, new Set(bound.skip), bound.limitBytes) : Promise.resolve(0);
      void last.then((usedBytes) => {
        if (bound && !overBound && usedBytes > bound.limitBytes) overBound = { limitBytes: bound.limitBytes, usedBytes };
        const note = overBound ? `\n[sagewire] stopped: /opt/ml used ${overBound.usedBytes} bytes, more than its bound of ${overBound.limitBytes} (limits.mlBytes)\n` : '';
        if (logError) reject(logError);
        else log.end(note, () => finish(() => resolve({ exitCode, signal, timedOut, stdoutTail, ...(overBound ? { overBound } : {}) })));
      });
    });
  });
}
