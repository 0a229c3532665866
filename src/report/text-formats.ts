/** The pipeline graph as Mermaid (`flowchart LR`) and Graphviz DOT text. */
import type { GraphModel } from './graph-model.js';
import { STATUS_COLORS } from './svg.js';

function mermaidId(i: number): string {
  return `s${i}`;
}

export function renderMermaid(graph: GraphModel): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, mermaidId(i)]));
  const label = (s: string) => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) {
    lines.push(`  ${ids.get(n.id)}["${label(n.id)}<br/><small>${label(n.type)}${n.status ? ` · ${n.status}` : ''}</small>"]`);
  }
  for (const e of graph.edges) {
    lines.push(`  ${ids.get(e.from)} ${e.kind === 'data' ? '-->' : '-.->'} ${ids.get(e.to)}`);
  }
  for (const n of graph.nodes) {
    if (n.status) {
      const c = STATUS_COLORS[n.status];
      lines.push(`  style ${ids.get(n.id)} fill:${c.fill},stroke:${c.stroke}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function renderDot(graph: GraphModel): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = [`digraph ${q(graph.title)} {`, '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fontname="Helvetica"];'];
  for (const n of graph.nodes) {
    const c = STATUS_COLORS[n.status ?? 'none'];
    const label = `${n.id}\\n${n.type}${n.status ? ` · ${n.status}` : ''}`;
    lines.push(`  ${q(n.id)} [label="${label.replace(/"/g, '\\"')}", fillcolor=${q(c.fill)}, color=${q(c.stroke)}];`);
  }
  for (const e of graph.edges) lines.push(`  ${q(e.from)} -> ${q(e.to)}${e.kind === 'data' ? '' : ' [style=dashed]'};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
