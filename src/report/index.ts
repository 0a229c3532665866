/** Renderers of a pipeline graph: self-contained HTML report, SVG, Mermaid, DOT. */
export { graphFromPlan, graphFromSummary, type GraphModel, type GraphNode, type GraphEdge } from './graph-model.js';
export { layoutDag, type Layout, type Box } from './layout.js';
export { renderSvg } from './svg.js';
export { renderHtml } from './html.js';
export { renderMermaid, renderDot } from './text-formats.js';
