// Bundles each container script (src/scripts/<name>/main.ts) into one self-contained
// dist/scripts/<name>.mjs with esbuild: that file is what a processing step uploads as its code.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src', 'scripts');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const names = existsSync(srcDir)
  ? readdirSync(srcDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(srcDir, d.name, 'main.ts')))
      .map((d) => d.name)
  : [];

await Promise.all(
  names.map((name) =>
    build({
      entryPoints: [join(srcDir, name, 'main.ts')],
      outfile: join(root, 'dist', 'scripts', `${name}.mjs`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      // Some CommonJS dependencies call require(); give the ESM bundle one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      // a job has no package.json: the lineage a script records carries the version (src/scripts/common/sagewire-version.ts)
      define: { 'process.env.SAGEWIRE_BUILD_VERSION': JSON.stringify(version) },
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);
console.log(`bundled ${names.length} script(s): ${names.join(', ') || '(none)'}`);
