/**
 * The installed binary is scripts/bundle-cli.mjs's bundle (dist/cli/main.js and its lazy
 * chunks), not tsc's output: it must behave as the source does, including finding the
 * package's own files (script bundles) from inside a chunk.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runNode } from './helpers/cli.js';

// Two levels below the root, like dist/cli/.
const dir = join(ROOT, '.sagewire', `cli-bundle-${randomBytes(4).toString('hex')}`);
execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle-cli.mjs'), dir]);
afterAll(() => rm(dir, { recursive: true, force: true }));

const FOUR = join(ROOT, 'examples', 'four-step');

describe('the bundled binary', () => {
  it('compiles examples/four-step to the same definition as the source', async () => {
    const args = ['compile', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json')];
    const bundled = await runNode([join(dir, 'main.js'), ...args]);
    const source = await runCli(args);
    expect(bundled.stderr).toBe('');
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toBe(source.stdout);
  });

  it('lists the steps and reports bad input like the source (exit 1, no stack)', async () => {
    const steps = await runNode([join(dir, 'main.js'), 'steps']);
    expect(steps.code).toBe(0);
    expect(steps.stdout).toMatch(/^DataLoad \(Processing/);
    const missing = await runNode([join(dir, 'main.js'), 'compile', '--dag', join(dir, 'nope.json'), '--config', join(FOUR, 'config.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error \[DAG\]: .*nope\.json: cannot read DAG file/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  // One file per command (bench/start): node resolves and reads three files for `compile`, not
  // the 40-odd chunks of code splitting; the modules a command defers stay out of its start.
  it('loads a command from its own file: main.js, cmd-compile.js and shared-errors.js', () => {
    const staticImports = (name: string) =>
      [...readFileSync(join(dir, name), 'utf8').matchAll(/(?:^|[;}\s])import\s*(?:[\w${},*\s]+from\s*)?"([^"]+)"/g)].map((m) => m[1] as string);
    const local = (name: string) => [...new Set(staticImports(name).filter((path) => path.startsWith('.')))];
    expect(local('main.js')).toEqual(['./shared-errors.js']);
    expect(local('cmd-compile.js')).toEqual(['./shared-errors.js']);
    expect(staticImports('cmd-compile.js')).not.toContain('node:child_process');
    expect(staticImports('main.js')).not.toContain('node:child_process');
    expect(readFileSync(join(dir, 'cmd-compile.js'), 'utf8')).toContain('import("./lazy-upload-assets.js")');
  });

  it('runs a deferred branch from its own file (compile --local uploads the assets)', async () => {
    const store = join(dir, 'store');
    const args = ['compile', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json'), '--out', join(dir, 'p.json')];
    const compiled = await runNode([join(dir, 'main.js'), ...args, '--local', store]);
    expect(compiled.stderr).toMatch(/assets in .*store: 9 uploaded, 0 unchanged/);
    expect(compiled.code).toBe(0);
    expect(readdirSync(store).length).toBeGreaterThan(0);
  });

  // Start-up is mostly V8 compiling what a command loads (bench/start): the binary is minified and
  // carries zod's English messages only (its z.locales namespace is 264 KB of other languages).
  it('carries none of zod\'s other locales, and reports invalid fields as the source does', async () => {
    const chunks = readdirSync(dir).filter((name) => name.endsWith('.js'));
    for (const name of chunks) expect(readFileSync(join(dir, name), 'utf8'), name).not.toContain('Ungültige Eingabe');
    const config = JSON.parse(readFileSync(join(FOUR, 'config.json'), 'utf8')) as { configuration: { shared: Record<string, unknown> } };
    config.configuration.shared.bucket = 42;
    const bad = join(dir, 'bad-config.json');
    await writeFile(bad, JSON.stringify(config));
    const args = ['compile', '--dag', join(FOUR, 'dag.json'), '--config', bad];
    const failed = await runNode([join(dir, 'main.js'), ...args]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/configuration\.shared\.bucket: expected an S3 bucket name, got 42/);
    expect(failed.stderr).toBe((await runCli(args)).stderr);
  });
});
