/**
 * Runs the real sagewire binary from source (through tsx) for end-to-end tests: exit code,
 * stdout and stderr, as a user would see them.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** tsx by absolute path, so the working folder may be outside the repository. */
const TSX = createRequire(import.meta.url).resolve('tsx');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

/** Runs `node <args>` and collects its exit code and output; killed after `timeoutMs`. */
export function runNode(nodeArgs: string[], opts: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  return runNode(['--import', TSX, join(ROOT, 'src', 'cli', 'main.ts'), ...args], opts);
}
