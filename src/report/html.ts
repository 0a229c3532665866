/**
 * The report page: one self-contained HTML file (no external URL) with the pipeline graph
 * as SVG and, on click, a step's inputs, outputs, message and log tail.
 */
import { escapeHtml, jsonForScript } from './escape.js';
import type { GraphModel } from './graph-model.js';
import { renderSvg, STATUS_COLORS } from './svg.js';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2733;background:#fff}
header{padding:16px 24px;border-bottom:1px solid #dde3e8}
h1{font-size:20px;margin:0 0 4px}
.sub{color:#5b6875;font-size:13px}
main{display:flex;gap:16px;padding:16px 24px;align-items:flex-start;flex-wrap:wrap}
.graph{overflow:auto;max-width:100%;border:1px solid #e4e8ec;border-radius:8px;padding:8px}
.step{cursor:pointer}.step:focus{outline:none}.step:focus rect,.step.selected rect{stroke-width:3.5}
aside{flex:1;min-width:320px;font-size:13px}
aside h2{font-size:16px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;margin-bottom:12px}
td,th{text-align:left;padding:3px 6px;border-bottom:1px solid #eef1f4;vertical-align:top;word-break:break-all}th{word-break:normal;white-space:nowrap}
pre{background:#0f1720;color:#d9e2ea;padding:10px;border-radius:6px;max-height:320px;overflow:auto;white-space:pre-wrap;font-size:12px}
.legend span{display:inline-block;margin-right:10px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}
`;

const SCRIPT = `
(function(){
  var nodes = JSON.parse(document.getElementById('graph-data').textContent).nodes;
  var byId = {}; nodes.forEach(function(n){ byId[n.id] = n; });
  var panel = document.getElementById('details');
  function el(tag, text){ var e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
  function table(title, rows){
    panel.appendChild(el('h3', title));
    if (!rows.length){ panel.appendChild(el('p', 'none')); return; }
    var t = el('table');
    rows.forEach(function(r){ var tr = el('tr'); tr.appendChild(el('th', r.name || '')); tr.appendChild(el('td', r.uri)); t.appendChild(tr); });
    panel.appendChild(t);
  }
  function show(id){
    var n = byId[id]; if (!n) return;
    document.querySelectorAll('.step.selected').forEach(function(g){ g.classList.remove('selected'); });
    var g = document.querySelector('.step[data-step="' + CSS.escape(id) + '"]'); if (g) g.classList.add('selected');
    panel.textContent = '';
    panel.appendChild(el('h2', n.id));
    var meta = n.type + (n.status ? ' · ' + n.status : '') + (n.duration ? ' · ' + n.duration : '');
    panel.appendChild(el('p', meta));
    if (n.message) panel.appendChild(el('pre', n.message));
    if (n.result) { panel.appendChild(el('h3', 'Result')); panel.appendChild(el('pre', n.result)); }
    table('Inputs', n.inputs || []);
    table('Outputs', n.outputs || []);
    if (n.logPath) panel.appendChild(el('p', 'Log: ' + n.logPath));
    if (n.logTail) { panel.appendChild(el('h3', 'Log tail')); panel.appendChild(el('pre', n.logTail)); }
  }
  document.querySelectorAll('.step').forEach(function(g){
    var id = g.getAttribute('data-step');
    g.addEventListener('click', function(){ show(id); });
    g.addEventListener('keydown', function(e){ if (e.key === 'Enter') show(id); });
  });
  var first = nodes.filter(function(n){ return n.status === 'failed'; })[0] || nodes[0];
  if (first) show(first.id);
})();
`;

export function renderHtml(graph: GraphModel): string {
  const legend = ['done', 'cached', 'failed', 'skipped', 'running', 'waiting']
    .map((s) => `<span><i class="lg-${s}"></i>${s}</span>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(graph.title)} · sagewire</title>
<style>${STYLE}${legendStyle()}</style>
</head>
<body>
<header>
<h1>${escapeHtml(graph.title)}</h1>
<div class="sub">${escapeHtml(graph.subtitle ?? `${graph.nodes.length} steps (not run)`)}</div>
<div class="sub legend">${legend}</div>
</header>
<main>
<div class="graph">
${renderSvg(graph)}
</div>
<aside id="details"><p>Click a step for its inputs, outputs and log.</p></aside>
</main>
<script type="application/json" id="graph-data">${jsonForScript({ nodes: graph.nodes, edges: graph.edges })}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** The legend swatches take the graph's own stroke colours, in legend order. */
function legendStyle(): string {
  const order = ['done', 'cached', 'failed', 'skipped', 'running', 'waiting'] as const;
  return order.map((k) => `.lg-${k}{background:${STATUS_COLORS[k].stroke}}`).join('');
}
