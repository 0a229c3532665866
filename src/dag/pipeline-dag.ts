/**
 * PipelineDAG: the step graph of a pipeline. Nodes are step names; an edge `a -> b` means b
 * runs after a and may consume a's outputs. Everything is kept in insertion order so that the
 * same DAG always gives the same topological order.
 */
import { findCycle } from './find-cycle.js';
import { DagError } from '../errors.js';
import { parseDagJson } from './dag-json.js';

/** The JSON form: `{"dag": {"nodes": [...], "edges": [["a", "b"], ...]}}`. */
export interface DagJson {
  dag: { nodes: string[]; edges: Array<[string, string]> };
}

export class PipelineDAG {
  readonly #succ = new Map<string, string[]>();
  readonly #pred = new Map<string, string[]>();
  readonly #edgeKeys = new Set<string>();
  readonly #edges: Array<[string, string]> = [];

  /** Builds a DAG from node names and edges; see {@link PipelineDAG.addEdge}. */
  constructor(nodes: Iterable<string> = [], edges: Iterable<readonly [string, string]> = []) {
    for (const n of nodes) this.addNode(n);
    for (const [from, to] of edges) this.addEdge(from, to);
  }

  /** Adds a node (a no-op when it exists). */
  addNode(name: string): this {
    if (typeof name !== 'string' || name === '') throw new DagError(`node name must be a non-empty string, got ${JSON.stringify(name)}`);
    if (!this.#succ.has(name)) {
      this.#succ.set(name, []);
      this.#pred.set(name, []);
    }
    return this;
  }

  /**
   * Adds the edge `from -> to` (a no-op when it exists). Both nodes must be declared;
   * cycles are reported by {@link PipelineDAG.topologicalSort}.
   */
  addEdge(from: string, to: string): this {
    const missing = [from, to].filter((n) => !this.#succ.has(n));
    if (missing.length > 0) {
      throw new DagError(`edge ${from} -> ${to}: undeclared node${missing.length > 1 ? 's' : ''} ${missing.map((n) => JSON.stringify(n)).join(', ')}`);
    }
    if (from === to) throw new DagError(`edge ${from} -> ${to}: a node cannot depend on itself (cycle ${from} -> ${from})`);
    const key = `${from}\u0000${to}`;
    if (this.#edgeKeys.has(key)) return this;
    this.#edgeKeys.add(key);
    this.#edges.push([from, to]);
    this.#succ.get(from)!.push(to);
    this.#pred.get(to)!.push(from);
    return this;
  }

  /** Node names in insertion order. */
  get nodes(): string[] {
    return [...this.#succ.keys()];
  }

  /** Edges in insertion order. */
  get edges(): Array<[string, string]> {
    return this.#edges.map(([a, b]) => [a, b]);
  }

  hasNode(name: string): boolean {
    return this.#succ.has(name);
  }

  hasEdge(from: string, to: string): boolean {
    return this.#edgeKeys.has(`${from}\u0000${to}`);
  }

  /** The nodes with an edge into `name`, in edge insertion order. */
  predecessors(name: string): string[] {
    return [...this.#known(name, this.#pred)];
  }

  /** The nodes `name` has an edge to, in edge insertion order. */
  successors(name: string): string[] {
    return [...this.#known(name, this.#succ)];
  }

  #known(name: string, map: Map<string, string[]>): string[] {
    const list = map.get(name);
    if (!list) throw new DagError(`unknown node ${JSON.stringify(name)}`);
    return list;
  }

  /**
   * The nodes in dependency order. Stable: among nodes ready at the same time, the one
   * declared first comes first. A cycle is a DagError naming it (`a -> b -> c -> a`).
   */
  topologicalSort(): string[] {
    const names = this.nodes;
    const index = new Map(names.map((n, i) => [n, i]));
    const indegree = names.map((n) => this.#pred.get(n)!.length);
    const ready = new MinHeap();
    indegree.forEach((d, i) => d === 0 && ready.push(i));
    const order: string[] = [];
    while (ready.size > 0) {
      const i = ready.pop();
      const name = names[i]!;
      order.push(name);
      for (const next of this.#succ.get(name)!) {
        const j = index.get(next)!;
        if (--indegree[j]! === 0) ready.push(j);
      }
    }
    if (order.length < names.length) {
      const cycle = this.findCycle()!;
      throw new DagError(`the DAG has a cycle: ${cycle.join(' -> ')}`, [{ path: 'dag.edges', message: `cycle ${cycle.join(' -> ')}` }]);
    }
    return order;
  }

  /** One cycle as `[a, b, c, a]`, or undefined when the graph is acyclic. */
  findCycle(): string[] | undefined {
    return findCycle(this.#succ.keys(), (node) => this.#succ.get(node) ?? []);
  }

  /** The JSON form (nodes and edges in insertion order). */
  toJSON(): DagJson {
    return { dag: { nodes: this.nodes, edges: this.edges } };
  }

  /**
   * Builds a DAG from its JSON form (keys other than `dag` are ignored). A bad shape, a
   * duplicate node or an edge to an undeclared node is a DagError listing every problem.
   */
  static fromJSON(json: unknown, source?: string): PipelineDAG {
    const { nodes, edges } = parseDagJson(json, source);
    return new PipelineDAG(nodes, edges);
  }
}

/** A binary min-heap of node indices: the ready set of the stable topological sort. */
class MinHeap {
  readonly #a: number[] = [];
  get size(): number {
    return this.#a.length;
  }
  push(v: number): void {
    const a = this.#a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.#a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
