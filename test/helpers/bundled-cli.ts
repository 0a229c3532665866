/**
 * The sagewire CLI bundled once with esbuild (the same source as `runCli` runs through tsx),
 * for suites that start the binary dozens of times: a bundled start costs about a third of
 * the CPU of a tsx start, which matters on a two-core machine.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, runNode, type CliResult } from './cli.js';

export interface BundledCli {
  run(args: string[], opts?: { env?: Record<string, string>; timeoutMs?: number; cwd?: string }): Promise<CliResult>;
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
    run: (args, opts = {}) => runNode([join(dir, 'main.js'), ...args], { ...opts, cwd: opts.cwd ?? ROOT }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The binary exactly as `npm run build` makes it and users run it (dist/cli/main.js: minified,
 * lazy chunks, scripts/bundle-cli.mjs), built into `.sagewire/installed-cli-<random>/` (two
 * levels down, like dist/cli/) so a clean clone without dist/ tests the same thing.
 */
export async function installedCli(): Promise<BundledCli> {
  const dir = join(ROOT, '.sagewire', `installed-cli-${randomBytes(4).toString('hex')}`);
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [join(ROOT, 'scripts', 'bundle-cli.mjs'), dir], (err) => (err ? reject(err) : resolve()));
  });
  return {
    run: (args, opts = {}) => runNode([join(dir, 'main.js'), ...args], { ...opts, cwd: opts.cwd ?? ROOT }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
