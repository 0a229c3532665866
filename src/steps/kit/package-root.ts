/**
 * Where sagewire's own files are: the package root is three folders above this module both in
 * `src/steps/kit/` (tsx, vitest) and in `dist/steps/kit/` (the built package).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../errors.js';

const checked = new Set<string>();

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The bundled container script `dist/scripts/<name>.mjs`; a clear error when it is not built. */
export function scriptBundlePath(name: string, root = PACKAGE_ROOT): string {
  const path = join(root, 'dist', 'scripts', `${name}.mjs`);
  if (!checked.has(path) && !existsSync(path)) {
    throw new ConfigError(`script bundle ${path} is missing: run \`npm run bundle\` (or \`npm run build\`) in ${root} first`);
  }
  checked.add(path);
  return path;
}
