import { describe, expect, it } from 'vitest';
import { findCycle } from './find-cycle.js';

describe('findCycle', () => {
  const graph = (edges: Array<[string, string]>) => (n: string) => edges.filter(([a]) => a === n).map(([, b]) => b);

  it('finds a cycle, a self-loop, or none', () => {
    expect(findCycle(['a', 'b', 'c'], graph([['a', 'b'], ['b', 'c'], ['c', 'a']]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(['x'], graph([['x', 'x']]))).toEqual(['x', 'x']);
    expect(findCycle(['a', 'b'], graph([['a', 'b']]))).toBeUndefined();
  });

  it('walks a 200,000-node chain without overflowing the stack', () => {
    const n = 200_000;
    const nodes = Array.from({ length: n }, (_, i) => `s${i}`);
    const next = (node: string) => {
      const i = Number(node.slice(1));
      return i + 1 < n ? [`s${i + 1}`] : ['s0'];
    };
    const cycle = findCycle(nodes, next)!;
    expect(cycle).toHaveLength(n + 1);
    expect(cycle[0]).toBe('s0');
    expect(cycle[n]).toBe('s0');
  });
});
