/** Test helpers of the inventory end-to-end tests: the real `sagewire inventory serve` process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers/cli.js';

export interface ServeProcess {
  url: string;
  proc: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

export interface StartServeOptions {
  /** Default 0: a free port. */
  port?: number;
  /** A built `dist/cli/main.js` instead of the source through tsx. */
  main?: string;
}

/** Starts `sagewire inventory serve --port 0 ...` (from source by default) and waits for its URL on stderr. */
export function startServe(args: string[], env: Record<string, string>, opts: StartServeOptions = {}): Promise<ServeProcess> {
  const cli = opts.main ? [opts.main] : ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];
  const proc = spawn(process.execPath, [...cli, 'inventory', 'serve', '--port', String(opts.port ?? 0), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`inventory serve did not print its URL within 30 s:\n${output}`));
    }, 30_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`inventory serve exited with ${code}:\n${output}`));
    });
    proc.stderr!.on('data', (d) => {
      output += d;
      const m = /sagewire inventory listening on (http:\/\/\S+)/.exec(output);
      if (!m || started) return;
      started = true;
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      resolve({
        url: m[1]!,
        proc,
        output: () => output,
        stop: () =>
          new Promise((done) => {
            if (proc.exitCode !== null) return done(proc.exitCode);
            proc.once('exit', (code) => done(code));
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}
