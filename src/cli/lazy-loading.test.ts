/**
 * A command's start-up is mostly module loading: what each command reaches through static
 * imports decides it. These checks walk the static import graph (esbuild's metafile, dynamic
 * imports not followed) and fail when a command starts loading what it does not need.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';

const CLI = join(import.meta.dirname);

/** Every module (source file or package name) reachable from `entry` by static imports. */
async function staticGraph(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: join(CLI, '.graph'),
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const start = Object.keys(inputs).find((path) => entry.endsWith(path)) as string;
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const imported of inputs[queue.shift() as string]?.imports ?? []) {
      if (imported.kind === 'dynamic-import' || seen.has(imported.path)) continue;
      seen.add(imported.path);
      if (!imported.external) queue.push(imported.path);
    }
  }
  return seen;
}

function packagesOf(graph: Set<string>): string[] {
  const names = [...graph].filter((path) => !path.startsWith('src/') && !path.startsWith('node:'));
  return [...new Set(names.map((name) => name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/')))].sort();
}

describe('what each command loads at start', () => {
  test('the program itself loads commander only; every command is a dynamic import', async () => {
    const graph = await staticGraph(join(CLI, 'main.ts'));
    expect(packagesOf(graph)).toEqual(['commander']);
    expect([...graph].filter((path) => path.startsWith('src/cli/commands/'))).toEqual([]);
  });

  // The catalog's step types hold their config schemas on demand (steps/kit/schema-on-demand.ts):
  // listing them loads no zod, nor any step's config module.
  test('`steps` loads no package at all: no zod, AWS SDK, HTTP server or SQLite', async () => {
    const graph = await staticGraph(join(CLI, 'commands', 'steps.ts'));
    expect(packagesOf(graph)).toEqual([]);
    const schemaModules = [...graph].filter(
      (path) => /^src\/steps\/[^/]+\/config\.ts$/.test(path) || /^src\/config\/(base-config|fields|processing-config|training-config|variable-list|registry)\.ts$/.test(path),
    );
    expect(schemaModules).toEqual([]);
  });

  test('`compile` and `validate` load zod but no AWS SDK, HTTP server or SQLite', async () => {
    for (const command of ['compile', 'validate']) {
      expect(packagesOf(await staticGraph(join(CLI, 'commands', `${command}.ts`)))).toEqual(['zod']);
    }
  });

  test('the container-script commands load no AWS SDK, HTTP server or SQLite', async () => {
    for (const command of ['package', 'dummy-train', 'payload']) {
      const heavy = packagesOf(await staticGraph(join(CLI, 'commands', `${command}.ts`))).filter((name) =>
        /^(@aws-sdk|@hono|hono|better-sqlite3)/.test(name),
      );
      expect(heavy, command).toEqual([]);
    }
  });
});
