/** The pipeline graph as an SVG element: steps as boxes coloured by status, edges as curves. */
import { formatDuration } from '../local/progress.js';
import type { StepStatus } from '../local/run-types.js';
import { escapeHtml } from './escape.js';
import type { GraphModel } from './graph-model.js';
import { layoutDag } from './layout.js';

/** Fill and stroke per status; `undefined` (not run) is neutral. */
export const STATUS_COLORS: Record<StepStatus | 'none', { fill: string; stroke: string }> = {
  none: { fill: '#f4f6f8', stroke: '#8a96a3' },
  waiting: { fill: '#f4f6f8', stroke: '#8a96a3' },
  running: { fill: '#e3f2fd', stroke: '#1e88e5' },
  done: { fill: '#e6f4ea', stroke: '#2e7d32' },
  cached: { fill: '#f3e8fd', stroke: '#7b1fa2' },
  failed: { fill: '#fdecea', stroke: '#c62828' },
  skipped: { fill: '#eeeeee', stroke: '#9e9e9e' },
};

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function renderSvg(graph: GraphModel): string {
  const { boxes, width, height } = layoutDag({ nodes: graph.nodes.map((n) => n.id), edges: graph.edges });
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="pipeline-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(graph.title)} pipeline graph">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#607080"/></marker></defs>',
  );
  for (const e of graph.edges) {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = b.x - 2;
    const y2 = b.y + b.height / 2;
    const mx = (x1 + x2) / 2;
    const dash = e.kind === 'data' ? '' : ' stroke-dasharray="5 4"';
    parts.push(
      `<path class="edge edge-${e.kind}" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" fill="none" stroke="#607080" stroke-width="1.5"${dash} marker-end="url(#arrow)"/>`,
    );
  }
  for (const n of graph.nodes) {
    const box = boxes.get(n.id)!;
    const c = STATUS_COLORS[n.status ?? 'none'];
    const detail = [n.type, n.status, n.durationMs !== undefined ? formatDuration(n.durationMs) : undefined].filter(Boolean).join(' · ');
    parts.push(
      `<g class="step" data-step="${escapeHtml(n.id)}" data-status="${n.status ?? 'none'}" tabindex="0" transform="translate(${box.x},${box.y})">`,
      `<title>${escapeHtml(n.id)}</title>`,
      `<rect width="${box.width}" height="${box.height}" rx="8" fill="${c.fill}" stroke="${c.stroke}" stroke-width="2"/>`,
      `<text x="12" y="24" font-size="14" font-weight="600" fill="#1d2733">${escapeHtml(truncate(n.id, 22))}</text>`,
      `<text x="12" y="44" font-size="12" fill="#4a5866">${escapeHtml(truncate(detail, 30))}</text>`,
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
