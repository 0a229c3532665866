// The public API as the package exports it: for every subpath of package.json's "exports", each
// exported name with its kind and the first line of its doc comment, read with the TypeScript
// compiler from the sources the subpath's .d.ts is built from. docs/api.md is rendered from it
// (`npm run docs:api`); test/docs-exports.test.ts checks that docs/ and the code agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const API_DOC = join(ROOT, 'docs', 'api.md');

/** Each export subpath (`sagewire`, `sagewire/local`, ...) and the source file of its types. */
export function exportEntries(root = ROOT) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && typeof target.types === 'string')
    .map(([subpath, target]) => ({
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`,
      types: target.types,
      source: join(root, target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts')),
    }));
}

function kindOf(symbol) {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  return 'other';
}

/** The first sentence of a doc comment, on one line. */
function summaryOf(symbol, checker) {
  let text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  if (!text) {
    // a const's doc comment sits on its statement, which the checker does not always reach
    const decl = symbol.declarations?.[0];
    const statement = decl && ts.isVariableDeclaration(decl) ? decl.parent?.parent : undefined;
    const jsDoc = statement?.jsDoc?.[0]?.comment;
    text = typeof jsDoc === 'string' ? jsDoc.trim() : '';
  }
  const paragraph = text.split(/\n\s*\n/)[0].replace(/\s+/g, ' ');
  const sentence = /^(.*?[.!?])(\s|$)/.exec(paragraph)?.[1] ?? paragraph;
  return sentence.replace(/\|/g, '\\|');
}

/** [{ specifier, names: [{ name, kind, summary }] }], names sorted. */
export function publicApi(root = ROOT) {
  const entries = exportEntries(root);
  const program = ts.createProgram(
    entries.map((e) => e.source),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true },
  );
  const checker = program.getTypeChecker();
  return entries.map((entry) => {
    const file = program.getSourceFile(entry.source);
    if (!file) throw new Error(`${entry.specifier}: no source ${entry.source} for ${entry.types}`);
    const names = checker.getExportsOfModule(checker.getSymbolAtLocation(file)).map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      return { name: exported.name, kind: kindOf(symbol), summary: summaryOf(symbol, checker) };
    });
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { specifier: entry.specifier, names };
  });
}

/** docs/api.md: one table per subpath. */
export function renderApiDoc(api) {
  const out = [
    '# API reference',
    '',
    '<!-- Written by `npm run docs:api` from the sources (scripts/public-api.mjs); test/docs-exports.test.ts fails when it is stale. -->',
    '',
    'Every name each entry point of the package exports, with the first line of its doc comment.',
    'The other pages show how the names fit together; this one is the complete list.',
    '',
  ];
  for (const { specifier, names } of api) {
    out.push(`## \`${specifier}\``, '', `${names.length} names.`, '', '| Name | Kind | What it is |', '| --- | --- | --- |');
    for (const n of names) out.push(`| \`${n.name}\` | ${n.kind} | ${n.summary || "—"} |`);
    out.push('');
  }
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(API_DOC, renderApiDoc(publicApi()));
  console.log(`wrote ${API_DOC}`);
}
