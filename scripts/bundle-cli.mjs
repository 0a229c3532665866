// Bundles the sagewire binary into dist/cli: main.js (the program and commander) plus one file
// per command, cmd-<name>.js, replacing tsc's many-file output for the binary only. A command's
// start is mostly node resolving, reading and compiling the modules it loads; one file per
// command keeps that to three files (main.js, the command, shared-errors.js) instead of the
// 40-odd chunks that code splitting across all commands made of the same code (bench/start).
//
// - src/errors.ts is one shared file, so `instanceof SagewireError` in main.js holds for an
//   error thrown inside a command's bundle.
// - A dynamic import in a command's own file (a branch the command defers, like `compile
//   --local`'s upload) is its own file, lazy-<module>.js: inlined, the modules it reaches (and
//   the node builtins they import, which esbuild hoists to the top) would load on every run.
// - `steps` is split instead: its step types load their config schemas on demand and it never
//   asks for them, so in one file it would parse zod and every schema for nothing.
// - Packages that only some commands load, or that carry native code, stay external.
// The files sit in dist/cli/ itself, where cli/program.ts's `../../package.json` still holds
// (steps/kit/package-root.ts walks up to sagewire's package.json, wherever it runs from).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commanderLazySpawn } from './commander-lazy-spawn.mjs';
import { zodEnglishOnly } from './zod-english-only.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
// `node scripts/bundle-cli.mjs [outdir]`: dist/cli by default (tests bundle elsewhere).
const outdir = process.argv[2] ?? join(root, 'dist', 'cli');
mkdirSync(outdir, { recursive: true });
for (const name of readdirSync(outdir, { withFileTypes: true })) {
  if (name.isFile() && /^(lazy-.*|cmd-.*|shared-errors|main)\.js(\.map)?$/.test(name.name)) rmSync(join(outdir, name.name));
}

const commands = readdirSync(join(src, 'cli', 'commands'))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => name.slice(0, -3));
/** Commands that list step types without running their configs' code. */
const SPLIT = new Set(['steps']);

/** The modules commands import dynamically, by the name of their own file: `lazy-<name>.js`. */
const deferred = new Map();
for (const name of commands) {
  const source = readFileSync(join(src, 'cli', 'commands', `${name}.ts`), 'utf8');
  for (const [, path] of source.matchAll(/\bimport\('([^']+)'\)/g)) {
    const module = resolve(src, 'cli', 'commands', path).replace(/\.js$/, '.ts');
    deferred.set(module, `lazy-${basename(module, '.ts')}`);
  }
}

/** main.js reaches each command as its own file; every bundle reaches errors.ts as one file. */
const separateFiles = {
  name: 'sagewire-separate-files',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) => {
      if (args.importer !== join(src, 'cli', 'program.ts')) return undefined;
      return { path: `./cmd-${args.path.slice('./commands/'.length)}`, external: true };
    });
    b.onResolve({ filter: /errors\.js$/ }, (args) => {
      if (args.kind === 'entry-point' || resolve(args.resolveDir, args.path) !== join(src, 'errors.js')) return undefined;
      return { path: './shared-errors.js', external: true };
    });
    b.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import' || dirname(args.importer) !== join(src, 'cli', 'commands')) return undefined;
      const name = deferred.get(resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts'));
      return name === undefined ? undefined : { path: `./${name}.js`, external: true };
    });
  },
};

const common = {
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  chunkNames: 'lazy-[name]-[hash]',
  external: ['better-sqlite3', '@aws-sdk/*', '@hono/*', 'hono', 'hono/*', 'ajv', 'ajv-formats', 'tar-stream', 'playwright-core'],
  // Some bundled CommonJS code calls require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  legalComments: 'none',
  // Start-up is mostly V8 compiling what a command loads: minified, it has less to read.
  minify: true,
  keepNames: true,
  plugins: [zodEnglishOnly, commanderLazySpawn, separateFiles],
  logLevel: 'warning',
};
const entry = (names) => Object.fromEntries(names.map((name) => [`cmd-${name}`, join(src, 'cli', 'commands', `${name}.ts`)]));
await Promise.all([
  build({
    ...common,
    splitting: false,
    entryPoints: {
      main: join(src, 'cli', 'main.ts'),
      'shared-errors': join(src, 'errors.ts'),
      ...entry(commands.filter((name) => !SPLIT.has(name))),
      ...Object.fromEntries([...deferred].map(([module, name]) => [name, module])),
    },
  }),
  build({ ...common, splitting: true, entryPoints: entry(commands.filter((name) => SPLIT.has(name))) }),
]);
console.log(`bundled the CLI into ${relative(process.cwd(), outdir) || '.'}`);
