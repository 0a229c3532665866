/**
 * One cycle of a directed graph as `[a, b, c, a]`, or undefined when it has none. Iterative
 * depth-first search: graphs of many thousands of nodes must not overflow the call stack.
 * Start nodes are tried in the given order, successors in theirs, so the answer is stable.
 */
export function findCycle(nodes: Iterable<string>, successors: (node: string) => readonly string[]): string[] | undefined {
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  for (const start of nodes) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const cursor: number[] = [0];
    state.set(start, 1);
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const succ = successors(node);
      const k = cursor[cursor.length - 1]!;
      if (k >= succ.length) {
        state.set(node, 2);
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[cursor.length - 1] = k + 1;
      const next = succ[k]!;
      const s = state.get(next);
      if (s === 1) return [...path.slice(path.indexOf(next)), next];
      if (s === undefined) {
        state.set(next, 1);
        path.push(next);
        cursor.push(0);
      }
    }
  }
  return undefined;
}
