/**
 * docs/ and the code agree on every exported name: docs/api.md lists each name every entry point
 * of package.json exports and must be what scripts/public-api.mjs renders now; every name docs/
 * import from `sagewire` or one of its subpaths is exported there; every `sagewire/...` subpath
 * docs/ name exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without declarations
import { API_DOC, publicApi, renderApiDoc, ROOT } from '../scripts/public-api.mjs';

interface Api {
  specifier: string;
  names: Array<{ name: string; kind: string; summary: string }>;
}

const DOCS = join(ROOT, 'docs');
const docs = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ file: `docs/${f}`, text: readFileSync(join(DOCS, f), 'utf8') }));

/** The fenced code blocks of a Markdown page. */
function codeBlocks(text: string): string[] {
  return [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

/** `import { a, type B, c as d } from 'sagewire/x'` in code blocks: the names and where. */
function docImports(): Array<{ file: string; specifier: string; name: string }> {
  const out: Array<{ file: string; specifier: string; name: string }> = [];
  for (const { file, text } of docs) {
    for (const block of codeBlocks(text)) {
      for (const m of block.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"](sagewire[^'"]*)['"]/g)) {
        for (const part of m[1]!.split(',')) {
          const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim();
          if (name) out.push({ file, specifier: m[2]!, name });
        }
      }
    }
  }
  return out;
}

describe('docs/ and the exports agree', () => {
  const api = publicApi() as Api[];

  // docs/api.md lists every exported name of every entry point, so this is also what keeps every
  // name in docs/: a name added without `npm run docs:api` makes it stale.
  it('docs/api.md is what the exports are now (npm run docs:api writes it)', () => {
    expect(readFileSync(API_DOC, 'utf8'), 'docs/api.md is stale: run `npm run docs:api`').toBe(renderApiDoc(api));
  }, 120_000);

  it('the five entry points are all there, each with names', () => {
    expect(api.map((a) => a.specifier)).toEqual(['sagewire', 'sagewire/local', 'sagewire/report', 'sagewire/inventory', 'sagewire/aws']);
    for (const a of api) expect(a.names.length, a.specifier).toBeGreaterThan(0);
  });

  it('every name docs/ import from sagewire exists in that entry point', () => {
    const exported = new Map(api.map((a) => [a.specifier, new Set(a.names.map((n) => n.name))]));
    const imports = docImports();
    expect(imports.length).toBeGreaterThan(5);
    const wrong = imports
      .filter((i) => !exported.get(i.specifier)?.has(i.name))
      .map((i) => `${i.file}: ${i.name} from '${i.specifier}'${exported.has(i.specifier) ? '' : ' (no such entry point)'}`);
    expect(wrong).toEqual([]);
  });

  it('every sagewire/... subpath docs/ name is an entry point', () => {
    const known = new Set(api.map((a) => a.specifier));
    const named = docs.flatMap(({ file, text }) => [...text.matchAll(/['"`](sagewire\/[\w./-]+)['"`]/g)].map((m) => ({ file, specifier: m[1]! })));
    expect(named.filter((n) => !known.has(n.specifier) && n.specifier !== 'sagewire/package.json')).toEqual([]);
  });
});
