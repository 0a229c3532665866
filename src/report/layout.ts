/**
 * Layered layout of a DAG, left to right: a node's layer is the longest path from a source;
 * within a layer, nodes are ordered by the mean position of their predecessors (a few
 * sweeps of the barycenter heuristic) so that edges cross less.
 */
export interface LayoutInput {
  nodes: string[];
  edges: { from: string; to: string }[];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  boxes: Map<string, Box>;
  width: number;
  height: number;
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 58;
const GAP_X = 70;
const GAP_Y = 26;
const MARGIN = 20;

export function layoutDag(input: LayoutInput): Layout {
  const preds = new Map(input.nodes.map((n) => [n, [] as string[]]));
  for (const e of input.edges) if (preds.has(e.to) && preds.has(e.from)) preds.get(e.to)!.push(e.from);
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (n: string): number => {
    if (layer.has(n)) return layer.get(n)!;
    if (visiting.has(n)) return 0; // a cycle (refused elsewhere); do not loop
    visiting.add(n);
    const d = Math.max(-1, ...preds.get(n)!.map(depth)) + 1;
    visiting.delete(n);
    layer.set(n, d);
    return d;
  };
  input.nodes.forEach(depth);

  const layers: string[][] = [];
  for (const n of input.nodes) (layers[layer.get(n)!] ??= []).push(n);
  const pos = new Map<string, number>();
  const index = () => layers.forEach((l) => l.forEach((n, i) => pos.set(n, i)));
  index();
  for (let sweep = 0; sweep < 4; sweep++) {
    for (const l of layers.slice(1)) {
      const bary = new Map(l.map((n) => {
        const ps = preds.get(n)!;
        return [n, ps.length ? ps.reduce((a, p) => a + pos.get(p)!, 0) / ps.length : pos.get(n)!];
      }));
      l.sort((a, b) => bary.get(a)! - bary.get(b)!);
      l.forEach((n, i) => pos.set(n, i));
    }
  }

  const tallest = Math.max(1, ...layers.map((l) => l.length));
  const height = MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * GAP_Y;
  const boxes = new Map<string, Box>();
  layers.forEach((l, li) => {
    const colHeight = l.length * NODE_HEIGHT + (l.length - 1) * GAP_Y;
    const top = (height - colHeight) / 2;
    l.forEach((n, i) => {
      boxes.set(n, { x: MARGIN + li * (NODE_WIDTH + GAP_X), y: top + i * (NODE_HEIGHT + GAP_Y), width: NODE_WIDTH, height: NODE_HEIGHT });
    });
  });
  const width = MARGIN * 2 + Math.max(1, layers.length) * NODE_WIDTH + Math.max(0, layers.length - 1) * GAP_X;
  return { boxes, width, height };
}
