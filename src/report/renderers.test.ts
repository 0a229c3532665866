import { describe, expect, it } from 'vitest';
import type { GraphModel } from './graph-model.js';
import { layoutDag, NODE_WIDTH } from './layout.js';
import { renderSvg } from './svg.js';
import { renderDot, renderMermaid } from './text-formats.js';

const graph: GraphModel = {
  title: 'four "step"',
  nodes: [
    { id: 'DummyTraining', type: 'Processing', status: 'done', inputs: [], outputs: [] },
    { id: 'Package', type: 'Processing', status: 'cached', inputs: [], outputs: [] },
    { id: 'Payload', type: 'Processing', status: 'failed', inputs: [], outputs: [] },
    { id: 'Registration', type: 'Processing', status: 'skipped', inputs: [], outputs: [] },
  ],
  edges: [
    { from: 'DummyTraining', to: 'Package', kind: 'data' },
    { from: 'DummyTraining', to: 'Payload', kind: 'data' },
    { from: 'Package', to: 'Registration', kind: 'data' },
    { from: 'Payload', to: 'Registration', kind: 'depends-on' },
  ],
};

describe('layered layout', () => {
  it('puts each step one layer right of its latest producer, without overlaps', () => {
    const { boxes } = layoutDag({ nodes: graph.nodes.map((n) => n.id), edges: graph.edges });
    const x = (n: string) => boxes.get(n)!.x;
    expect(x('Package')).toBe(x('Payload'));
    expect(x('Package')).toBeGreaterThan(x('DummyTraining') + NODE_WIDTH);
    expect(x('Registration')).toBeGreaterThan(x('Package') + NODE_WIDTH);
    expect(Math.abs(boxes.get('Package')!.y - boxes.get('Payload')!.y)).toBeGreaterThanOrEqual(boxes.get('Package')!.height);
  });
});

describe('renderers', () => {
  it('SVG: one group per step with its status, one path per edge', () => {
    const svg = renderSvg(graph);
    expect(svg.match(/<g class="step"/g)).toHaveLength(4);
    expect(svg).toContain('data-step="Payload" data-status="failed"');
    expect(svg.match(/<path class="edge/g)).toHaveLength(4);
    expect(svg).toContain('aria-label="four &quot;step&quot; pipeline graph"');
  });

  it('Mermaid and DOT list every step and edge, dashed when not a data edge', () => {
    const m = renderMermaid(graph);
    expect(m.split('\n')[0]).toBe('flowchart LR');
    expect(m).toContain('s0 --> s1');
    expect(m).toContain('s2 -.-> s3');
    const d = renderDot(graph);
    expect(d).toContain('digraph "four \\"step\\"" {');
    expect(d).toContain('"Payload" -> "Registration" [style=dashed];');
    expect(d).toContain('"DummyTraining" -> "Package";');
  });
});
