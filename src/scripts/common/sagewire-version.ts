/**
 * sagewire's version, for the lineage a script records. A bundled script carries it (the
 * bundler replaces `process.env.SAGEWIRE_BUILD_VERSION` with the package's version: a job has
 * no package.json); run from source, it is read from the package.json above this file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function sagewireVersion(): string | undefined {
  const built = process.env.SAGEWIRE_BUILD_VERSION;
  if (built) return built;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'sagewire' && pkg.version) return pkg.version;
      } catch {
        // not ours; keep looking
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
