import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../local/run-types.js';
import { graphFromSummary } from './graph-model.js';

function summaryWith(steps: Partial<RunSummary['steps'][number]>[]): RunSummary {
  return {
    executionId: 'e1',
    executionArn: 'arn:x',
    pipelineName: 'p',
    status: 'Succeeded',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 931,
    parameters: {},
    runDir: '/tmp/r',
    store: '/tmp/s',
    steps: steps.map((s, i) => ({ name: `S${i}`, type: 'Processing', status: 'done', after: [], inputs: [], outputs: [], ...s })) as RunSummary['steps'],
    edges: [],
  };
}

describe('graphFromSummary', () => {
  it('writes durations as the CLI does (931ms, 2.2s), in the subtitle and on each step', () => {
    const graph = graphFromSummary(summaryWith([{ durationMs: 931 }, { durationMs: 2249 }]));
    expect(graph.subtitle).toContain(' · 931ms · ');
    expect(graph.nodes.map((n) => n.duration)).toEqual(['931ms', '2.2s']);
  });

  it('keeps a step result apart only when its log tail does not already show it', () => {
    const result = 'Model id for model being registered: model-1\n';
    const graph = graphFromSummary(
      summaryWith([
        { result, logTail: `uploading\nregistering\n${result}` },
        { result, logTail: 'uploading\nregistering\n' },
      ]),
    );
    expect(graph.nodes[0]!.result).toBeUndefined();
    expect(graph.nodes[1]!.result).toBe(result);
  });
});
