// Bundles the sagewire binary (src/cli/main.ts) into dist/cli/main.js plus one chunk per lazily
// loaded command, replacing tsc's many-file output for the binary only. A start then reads a few
// files instead of ~200 (zod alone is 99 ES modules), which is most of a command's start-up.
// Packages that only some commands load, or that carry native code, stay external.
// The chunks sit in dist/cli/ itself, where cli/program.ts's `../../package.json` still holds
// (steps/kit/package-root.ts walks up to sagewire's package.json, wherever it runs from).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zodEnglishOnly } from './zod-english-only.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `node scripts/bundle-cli.mjs [outdir]`: dist/cli by default (tests bundle elsewhere).
const outdir = process.argv[2] ?? join(root, 'dist', 'cli');
mkdirSync(outdir, { recursive: true });
for (const name of readdirSync(outdir, { withFileTypes: true })) {
  if (name.isFile() && /^lazy-.*\.js(\.map)?$/.test(name.name)) rmSync(join(outdir, name.name));
}
await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'lazy-[name]-[hash]',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: ['better-sqlite3', '@aws-sdk/*', '@hono/*', 'hono', 'hono/*', 'ajv', 'ajv-formats', 'tar-stream', 'playwright-core'],
  // Some bundled CommonJS code calls require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  legalComments: 'none',
  // Start-up is mostly V8 compiling what a command loads: minified, it has less to read.
  minify: true,
  keepNames: true,
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
});
console.log(`bundled the CLI into ${outdir}`);
