import { describe, expect, it } from 'vitest';
import { LocalRunError, UsageError } from '../errors.js';
import type { Json, JsonObject, PipelineDefinition } from './definition.js';
import { evaluate, findRefs, referencedSteps, type EvalScope } from './expressions.js';
import { parseParamArgs, resolveParameters } from './parameters.js';
import { jsonGetPath, parsePropertyPath } from './property-path.js';

const records: Record<string, JsonObject> = {
  Prep: {
    ProcessingOutputConfig: {
      Outputs: [
        { OutputName: 'train', S3Output: { S3Uri: 's3://b/train', LocalPath: '/opt/ml/processing/train' } },
        { OutputName: 'test', S3Output: { S3Uri: 's3://b/test', LocalPath: '/opt/ml/processing/test' } },
      ],
    },
  },
  Train: { ModelArtifacts: { S3ModelArtifacts: 's3://b/model.tar.gz' } },
};

function scope(symbolic = false): EvalScope {
  return {
    parameters: { Threshold: 2.5, Name: 'x' },
    execution: { PipelineExecutionId: 'abc123', PipelineName: 'p' },
    stepRecord: (s) => records[s],
    propertyFile: async (s, f) => (s === 'Eval' && f === 'Report' ? { metrics: { mse: { value: 1.25 } }, list: [{ v: 7 }] } : null),
    symbolicExecution: symbolic,
  };
}

describe('evaluate', () => {
  it('resolves parameters, execution variables and step properties indexed by name', async () => {
    const v = await evaluate(
      {
        a: { Get: 'Parameters.Threshold' },
        b: { Get: 'Execution.PipelineExecutionId' },
        c: { Get: "Steps.Prep.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri" },
        d: [{ Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' }, 'lit', 3],
      },
      scope(),
      'step X',
    );
    expect(v).toEqual({ a: 2.5, b: 'abc123', c: 's3://b/test', d: ['s3://b/model.tar.gz', 'lit', 3] });
  });

  it('joins with Std:Join (numbers as text) and reads property files with Std:JsonGet', async () => {
    const join = { 'Std:Join': { On: '/', Values: ['s3://b', { Get: 'Execution.PipelineExecutionId' }, { Get: 'Parameters.Threshold' }] } };
    expect(await evaluate(join, scope(), 'w')).toBe('s3://b/abc123/2.5');
    expect(await evaluate(join, scope(true), 'w')).toBe('s3://b/${Execution.PipelineExecutionId}/2.5');
    const get = (path: string) => ({ 'Std:JsonGet': { PropertyFile: { Get: 'Steps.Eval.PropertyFiles.Report' }, Path: path } });
    expect(await evaluate(get('metrics.mse.value'), scope(), 'w')).toBe(1.25);
    expect(await evaluate(get('list[0].v'), scope(), 'w')).toBe(7);
    await expect(evaluate(get('metrics.nope'), scope(), 'step C')).rejects.toThrow(/step C: property file Report of step "Eval" has nothing at path "metrics.nope"/);
  });

  it('names the step and the reference when a property is missing or a step has not run', async () => {
    await expect(evaluate({ Get: 'Steps.Train.ModelArtifacts.Nope' }, scope(), 'step Y')).rejects.toThrow(/step Y: step "Train" has no property ModelArtifacts.Nope/);
    await expect(evaluate({ Get: 'Steps.Later.ModelName' }, scope(), 'step Y')).rejects.toThrow(LocalRunError);
    await expect(evaluate({ 'Std:Unknown': [] } as Json, scope(), 'step Y')).rejects.toThrow(/Std:Unknown is not supported locally/);
  });

  it('finds the steps a value reads from (data edges), through joins and property files', () => {
    const value: Json = {
      x: { 'Std:Join': { On: '', Values: [{ Get: "Steps.A.ProcessingOutputConfig.Outputs['o'].S3Output.S3Uri" }] } },
      y: { 'Std:JsonGet': { PropertyFile: { Get: 'Steps.B.PropertyFiles.F' }, Path: 'a' } },
      z: { Get: 'Parameters.P' },
    };
    expect(referencedSteps(value)).toEqual(['A', 'B']);
    expect(findRefs(value).map((r) => (r.kind === 'expr' ? r.expr.kind : r.kind))).toEqual(['join', 'step-property', 'json-get', 'parameter']);
    expect(findRefs({ a: { 'Std:Concat': [] }, b: { Get: 'Execution.Nope' } } as Json)).toEqual([
      { kind: 'unknown', what: 'function Std:Concat' },
      { kind: 'unknown', what: '{"Get": "Execution.Nope"}: execution variable' },
    ]);
  });
});

describe('property paths', () => {
  it('parses keys, name and number indexes; refuses malformed paths', () => {
    expect(parsePropertyPath("A.B['x y'][2].C")).toEqual([{ key: 'A' }, { key: 'B' }, { name: 'x y' }, { index: 2 }, { key: 'C' }]);
    expect(parsePropertyPath('A..B')).toBeUndefined();
    expect(parsePropertyPath("['x']")).toBeUndefined();
    expect(jsonGetPath({ a: [{ b: 1 }] }, '$.a[0].b')).toBe(1);
  });
});

describe('parameters', () => {
  const def: PipelineDefinition = {
    Version: '2020-12-01',
    Steps: [],
    Parameters: [
      { Name: 'N', Type: 'Integer', DefaultValue: 1 },
      { Name: 'F', Type: 'Float', DefaultValue: 0.5 },
      { Name: 'B', Type: 'Boolean', DefaultValue: false },
      { Name: 'S', Type: 'String', DefaultValue: 'a' },
    ],
  };
  it('takes defaults and types --param overrides', () => {
    expect(resolveParameters(def, parseParamArgs(['N=3', 'F=1e-3', 'B=true', 'S=x=y']))).toEqual({ N: 3, F: 0.001, B: true, S: 'x=y' });
    expect(resolveParameters(def)).toEqual({ N: 1, F: 0.5, B: false, S: 'a' });
  });
  it('refuses wrong types, unknown names and malformed arguments', () => {
    expect(() => resolveParameters(def, { N: '1.5' })).toThrow(/parameter N is of type Integer; got "1.5"/);
    expect(() => resolveParameters(def, { B: 'yes' })).toThrow(UsageError);
    expect(() => resolveParameters(def, { Q: '1' })).toThrow(/--param Q: the pipeline has no such parameter \(it has: N, F, B, S\)/);
    expect(() => parseParamArgs(['noequals'])).toThrow(/expected K=V/);
  });
});
