/**
 * The sagewire CLI bundled once with esbuild (the same source as `runCli` runs through tsx),
 * for suites that start the binary dozens of times: a bundled start costs about a third of
 * the CPU of a tsx start, which matters on a two-core machine.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, type CliResult } from './cli.js';

export interface BundledCli {
  run(args: string[], opts?: { env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult>;
  dispose(): Promise<void>;
}

/** Bundles src/cli/main.ts into `.sagewire/cli-<random>/` (two levels down, so `../../package.json` resolves). */
export async function bundleCli(): Promise<BundledCli> {
  const dir = join(ROOT, '.sagewire', `cli-${randomBytes(4).toString('hex')}`);
  await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outdir: dir,
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return {
    run: (args, opts = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [join(dir, 'main.js'), ...args], {
          cwd: ROOT,
          env: { ...process.env, NODE_OPTIONS: '', ...opts.env },
          stdio: ['ignore', 'pipe', 'pipe'],
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
      }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
