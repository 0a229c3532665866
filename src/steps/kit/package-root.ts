/**
 * Where sagewire's own files are: the nearest folder above this module whose package.json is
 * sagewire's. Found by walking up, not by counting levels: this module runs from
 * `src/steps/kit/` (tsx, vitest), `dist/steps/kit/` (tsc) and the CLI bundle's `dist/cli/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../errors.js';

const checked = new Set<string>();

function findPackageRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    try {
      if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'sagewire') return dir;
    } catch {
      // not a readable package.json: keep walking up
    }
  }
  return join(from, '..', '..', '..');
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The bundled container script `dist/scripts/<name>.mjs`; a clear error when it is not built. */
export function scriptBundlePath(name: string, root = PACKAGE_ROOT): string {
  const path = join(root, 'dist', 'scripts', `${name}.mjs`);
  if (!checked.has(path) && !existsSync(path)) {
    throw new ConfigError(`script bundle ${path} is missing: run \`npm run bundle\` (or \`npm run build\`) in ${root} first`);
  }
  checked.add(path);
  return path;
}
