/**
 * Seeded, bounded fuzz over the example configs and DAGs: one value anywhere in the file is
 * replaced by an arbitrary JSON value. Every case compiles or fails with a SagewireError (exit
 * 1/2 in the CLI) whose text names a path or the file; never any other error (a stack).
 * In-process, so a few hundred cases take seconds.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile/compile.js';
import { SagewireError } from '../src/errors.js';
import { ROOT } from './helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'sagewire-fuzz-'));
const EXAMPLES = ['four-step', 'xgboost-train', 'pytorch-model'];

/** Every path (list of keys) to a value inside `doc`. */
function paths(doc: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) paths(v, [...prefix, k], out);
  return out;
}

function replaced(doc: unknown, at: Array<string | number>, value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = value;
  return copy;
}

describe.each(EXAMPLES)('fuzz: examples/%s', (example) => {
  const dir = join(ROOT, 'examples', example);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  config.configuration.shared.project_root = dir;
  const dag = JSON.parse(readFileSync(join(dir, 'dag.json'), 'utf8'));

  for (const [which, doc] of [['config', config], ['dag', dag]] as const) {
    const all = paths(doc);
    it(`one ${which} value replaced: compiles or a named SagewireError`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: all.length - 1 }), fc.jsonValue({ maxDepth: 3 }), (i, value) => {
          const mutated = replaced(doc, all[i]!, value);
          const configFile = join(work, `${example}-config.json`);
          const dagFile = join(work, `${example}-dag.json`);
          writeFileSync(configFile, JSON.stringify(which === 'config' ? mutated : config));
          writeFileSync(dagFile, JSON.stringify(which === 'dag' ? mutated : dag));
          try {
            compile({ dag: dagFile, configFile });
          } catch (err) {
            expect(err, String((err as Error).stack)).toBeInstanceOf(SagewireError);
            const e = err as SagewireError;
            const text = e.describe();
            expect(text.includes(configFile) || text.includes(dagFile) || e.issues.some((x) => x.path !== '') || /\w+\.\w+/.test(e.message)).toBe(true);
          }
        }),
        { seed: 12, numRuns: 60 },
      );
    });
  }
});
