import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STEP_CATALOG } from '../steps/catalog.js';
import { resolveDependencies, type ResolverNode } from './resolver.js';

const SPECS = STEP_CATALOG.map((b) => b.spec);

/** Random DAGs over catalog step types: node i may depend on any node j < i. */
const dagArb = fc
  .array(fc.nat(SPECS.length - 1), { minLength: 2, maxLength: 8 })
  .chain((types) =>
    fc
      .subarray(
        types.flatMap((_, i) => types.slice(0, i).map((_t, j) => [`n${j}`, `n${i}`] as [string, string])),
        { minLength: 0 },
      )
      .chain((edges) =>
        fc.shuffledSubarray(edges, { minLength: edges.length, maxLength: edges.length }).map((shuffled) => ({
          nodes: types.map((t, i): ResolverNode => ({ name: `n${i}`, spec: SPECS[t]! })),
          edges,
          shuffled,
        })),
      ),
  );

describe('resolveDependencies (properties)', () => {
  it('wires only along DAG edges, each producer output at most once per consumer, independent of edge order', () => {
    fc.assert(
      fc.property(dagArb, ({ nodes, edges, shuffled }) => {
        const report = resolveDependencies(nodes, edges);
        const edgeSet = new Set(edges.map(([a, b]) => `${a}>${b}`));
        const used = new Set<string>();
        for (const d of report.decisions) {
          expect(edgeSet.has(`${d.producer}>${d.consumer}`)).toBe(true);
          const key = `${d.consumer}<${d.producer}.${d.output}`;
          expect(used.has(key)).toBe(false);
          used.add(key);
        }
        const again = resolveDependencies(nodes, shuffled);
        expect(again.decisions).toEqual(report.decisions);
        expect(again.problems).toEqual(report.problems);
      }),
      { numRuns: 200 },
    );
  });
});
