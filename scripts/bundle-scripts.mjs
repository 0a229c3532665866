// Bundles each container script (src/scripts/<name>/main.ts) into one self-contained
// dist/scripts/<name>.mjs with esbuild: that file is what a processing step uploads as its code.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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
// What compile would otherwise hash on every run (register.mjs alone is 3.4 MB): each bundle's
// sha256 with the size and mtime it was written with. src/assets/bundle-digests.ts trusts a
// digest only while the bundle still has that size and mtime, and hashes the file otherwise.
const outDir = join(root, 'dist', 'scripts');
const digests = {};
for (const name of names) {
  const file = join(outDir, `${name}.mjs`);
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const { size, mtimeMs } = statSync(file);
  digests[`${name}.mjs`] = { sha256, size, mtimeMs };
}
writeFileSync(join(outDir, 'digests.json.part'), `${JSON.stringify(digests, null, 2)}\n`);
renameSync(join(outDir, 'digests.json.part'), join(outDir, 'digests.json'));
console.log(`bundled ${names.length} script(s): ${names.join(', ') || '(none)'}`);
