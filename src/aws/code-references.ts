/**
 * Compile and deploy must agree on code locations: every content-hashed code URI the
 * definition names (`s3://<bucket>/<pipeline>/code/<sha256>/...`) has to be an asset of the
 * manifest (or a folder holding one), or the pipeline would start against code nobody uploaded.
 */
import type { AssetManifest } from '../assets/index.js';
import { DefinitionError, type Issue } from '../errors.js';

const HASHED_CODE_URI = /^s3:\/\/[^/]+\/(?:.+\/)?code\/[0-9a-f]{64}(?:\/.*)?$/;

/** Every string in the definition that is a content-hashed code URI, with its JSON path. */
export function hashedCodeUris(definition: unknown): { path: string; uri: string }[] {
  const found: { path: string; uri: string }[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (HASHED_CODE_URI.test(value)) found.push({ path, uri: value });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(definition, '');
  return found;
}

/**
 * Throws a DefinitionError naming every code URI the manifest does not cover. Without a
 * manifest (a definition made by other tools, e.g. the Python SDK, which uploads its code
 * itself to the same key layout) nothing can be checked: the URIs are returned for a warning.
 */
export function checkCodeReferences(
  definitionPath: string,
  definition: unknown,
  manifest: AssetManifest | undefined,
  manifestPath: string,
): string[] {
  const refs = hashedCodeUris(definition);
  if (!manifest) return [...new Set(refs.map((r) => r.uri))];
  const assets = manifest.assets.map((a) => a.uri);
  const covered = (uri: string) => {
    const folder = uri.endsWith('/') ? uri : `${uri}/`;
    return assets.some((a) => a === uri || a.startsWith(folder));
  };
  const issues: Issue[] = refs
    .filter((r) => !covered(r.uri))
    .map((r) => ({ path: r.path, message: `${r.uri} is not in the asset manifest` }));
  if (issues.length === 0) return [];
  throw new DefinitionError(
    `${definitionPath} names code that deploy cannot upload (${manifestPath} does not list it): ` +
      'compile again with --out so that the definition and its .assets.json are written together',
    issues,
  );
}
