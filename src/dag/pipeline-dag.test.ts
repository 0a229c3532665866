import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DagError } from '../errors.js';
import { PipelineDAG, loadDagFile } from './index.js';

function fourStep(): PipelineDAG {
  return new PipelineDAG(
    ['DummyTraining', 'Package', 'Payload', 'Registration'],
    [
      ['DummyTraining', 'Package'],
      ['DummyTraining', 'Payload'],
      ['Package', 'Registration'],
      ['Payload', 'Registration'],
    ],
  );
}

function errorOf(fn: () => unknown): DagError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DagError) return e;
    throw e;
  }
  throw new Error('expected a DagError');
}

describe('PipelineDAG', () => {
  test('keeps nodes and edges, answers predecessors and successors', () => {
    const dag = fourStep();
    expect(dag.nodes).toEqual(['DummyTraining', 'Package', 'Payload', 'Registration']);
    expect(dag.edges).toHaveLength(4);
    expect(dag.predecessors('Registration')).toEqual(['Package', 'Payload']);
    expect(dag.successors('DummyTraining')).toEqual(['Package', 'Payload']);
    expect(dag.predecessors('DummyTraining')).toEqual([]);
    expect(dag.hasEdge('Package', 'Registration')).toBe(true);
    expect(dag.hasEdge('Registration', 'Package')).toBe(false);
  });

  test('adding a node or edge twice changes nothing', () => {
    const dag = fourStep().addNode('Package').addEdge('Package', 'Registration');
    expect(dag.nodes).toHaveLength(4);
    expect(dag.edges).toHaveLength(4);
    expect(dag.predecessors('Registration')).toEqual(['Package', 'Payload']);
  });

  test('topological order respects edges and breaks ties by insertion order', () => {
    expect(fourStep().topologicalSort()).toEqual(['DummyTraining', 'Package', 'Payload', 'Registration']);
    const dag = new PipelineDAG(['z', 'y', 'x', 'w'], [['x', 'y']]);
    expect(dag.topologicalSort()).toEqual(['z', 'x', 'y', 'w']);
    const diamond = new PipelineDAG(['d', 'c', 'b', 'a'], [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd']]);
    expect(diamond.topologicalSort()).toEqual(['a', 'c', 'b', 'd']);
  });

  test('a cycle is an error that names it', () => {
    const dag = new PipelineDAG(['s', 'a', 'b', 'c'], [['s', 'a'], ['a', 'b'], ['b', 'c'], ['c', 'a']]);
    const err = errorOf(() => dag.topologicalSort());
    expect(err.message).toContain('a -> b -> c -> a');
    expect(dag.findCycle()).toEqual(['a', 'b', 'c', 'a']);
    expect(fourStep().findCycle()).toBeUndefined();
    expect(errorOf(() => new PipelineDAG(['a'], [['a', 'a']])).message).toContain('a -> a');
  });

  test('an edge to an undeclared node is an error naming it', () => {
    const err = errorOf(() => new PipelineDAG(['a'], [['a', 'ghost']]));
    expect(err.code).toBe('DAG');
    expect(err.message).toContain('"ghost"');
  });

  test('asking about an unknown node is an error', () => {
    expect(errorOf(() => fourStep().successors('Nope')).message).toContain('"Nope"');
  });

  test('handles long chains and wide graphs without recursion limits', () => {
    const n = 20_000;
    const names = Array.from({ length: n }, (_, i) => `s${i}`);
    const dag = new PipelineDAG(names, names.slice(1).map((m, i) => [names[i]!, m] as [string, string]));
    expect(dag.topologicalSort()).toEqual(names);
    dag.addEdge(names[n - 1]!, names[0]!);
    expect(errorOf(() => dag.topologicalSort()).message).toMatch(/^the DAG has a cycle: s0 -> s1 -> .* -> s19999 -> s0$/);
  });
});

describe('DAG JSON', () => {
  test('toJSON -> fromJSON gives the same DAG', () => {
    const json = fourStep().toJSON();
    expect(json).toEqual({
      dag: {
        nodes: ['DummyTraining', 'Package', 'Payload', 'Registration'],
        edges: [
          ['DummyTraining', 'Package'],
          ['DummyTraining', 'Payload'],
          ['Package', 'Registration'],
          ['Payload', 'Registration'],
        ],
      },
    });
    expect(PipelineDAG.fromJSON(JSON.parse(JSON.stringify(json))).toJSON()).toEqual(json);
  });

  test('extra keys such as metadata are ignored; edges may be omitted', () => {
    const dag = PipelineDAG.fromJSON({ dag: { nodes: ['a', 'b'] }, metadata: { author: 'x' } });
    expect(dag.nodes).toEqual(['a', 'b']);
    expect(dag.edges).toEqual([]);
  });

  test('every shape problem is reported, each naming its field', () => {
    const err = errorOf(() =>
      PipelineDAG.fromJSON({ dag: { nodes: ['a', 3, 'a', 'b'], edges: [['a', 'b'], ['a'], ['b', 'zz'], 'x'] } }, 'dag.json'),
    );
    expect(err.message).toBe('dag.json: 5 problems');
    expect(err.issues.map((i) => i.path)).toEqual(['dag.nodes[1]', 'dag.nodes[2]', 'dag.edges[1]', 'dag.edges[2]', 'dag.edges[3]']);
    expect(err.issues[3]!.message).toContain('"zz"');
  });

  test('a missing dag key or non-list nodes is a DagError naming the field', () => {
    expect(errorOf(() => PipelineDAG.fromJSON({ nodes: [] })).issues[0]!.path).toBe('dag');
    expect(errorOf(() => PipelineDAG.fromJSON({ dag: { nodes: 'a' } })).issues[0]!.path).toBe('dag.nodes');
    expect(errorOf(() => PipelineDAG.fromJSON({ dag: { nodes: [], edges: {} } })).issues[0]!.path).toBe('dag.edges');
  });

  test('loadDagFile reads a file and names it on failure', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sagewire-dag-'));
    const good = path.join(dir, 'dag.json');
    writeFileSync(good, JSON.stringify(fourStep().toJSON()));
    expect(loadDagFile(good).topologicalSort()).toEqual(['DummyTraining', 'Package', 'Payload', 'Registration']);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"dag": ');
    expect(errorOf(() => loadDagFile(bad)).message).toContain(`${bad}: not valid JSON`);
    expect(errorOf(() => loadDagFile(path.join(dir, 'missing.json'))).message).toContain('ENOENT');
  });
});
