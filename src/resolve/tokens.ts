/**
 * Name tokens for matching: `packagedModelOutput`, `packaged_model_output` and
 * `PackagedModel-Output` all give `packaged model` once the words that only say "this is an
 * input/output/path" are dropped.
 */

/** Words that say where a value flows, not what it is. */
const NOISE = new Set(['input', 'inputs', 'output', 'outputs', 'in', 'out', 'path', 'paths', 'uri', 's3', 'dir', 'location', 'the', 'of']);

/** Lower-case word tokens of a name (camelCase, PascalCase, snake_case, kebab-case, dots). */
export function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

const tokenCache = new Map<string, ReadonlySet<string>>();

/** The meaningful tokens of a name, as a set (memoized: spec names are few and reused). */
export function meaningfulTokens(name: string): ReadonlySet<string> {
  let tokens = tokenCache.get(name);
  if (!tokens) {
    tokens = new Set(splitName(name).filter((t) => !NOISE.has(t)));
    tokenCache.set(name, tokens);
  }
  return tokens;
}

/** Jaccard similarity of two token sets (0 when either is empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common += 1;
  return common / (a.size + b.size - common);
}
