/**
 * SageMaker semantics of what the local runner accepts, on SDK-shaped definition fragments:
 * Not / NotEquals / NotIn, date-time comparisons, ParameterString EnumValues, Float joins,
 * S3Prefix as a key name prefix, and the constructs refused before the first step runs.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalRunError } from '../errors.js';
import { FolderStore } from '../store/index.js';
import type { Json, PipelineDefinition } from './definition.js';
import { evaluate, type EvalScope } from './expressions.js';
import { resolveParameters } from './parameters.js';
import { planRun } from './plan.js';
import { prefixMatches, stageInput } from './staging.js';
import { holds } from './steps/condition.js';

const eq = (l: Json, r: Json) => ({ Type: 'Equals', LeftValue: l, RightValue: r });

describe('conditions', () => {
  it('Not negates its Condition (dsl, schema) or its Expression (Python SDK ConditionNot.to_request)', () => {
    expect(holds({ Type: 'Not', Condition: eq(1, 2) }, 'c')).toBe(true);
    expect(holds({ Type: 'Not', Expression: eq(1, 1) }, 'c')).toBe(false);
    expect(holds({ Type: 'Not', Condition: { Type: 'Or', Conditions: [eq(1, 2), eq('a', 'a')] } }, 'c')).toBe(false);
  });

  it('NotEquals and NotIn are evaluated', () => {
    expect(holds({ Type: 'NotEquals', LeftValue: 'a', RightValue: 'b' }, 'c')).toBe(true);
    expect(holds({ Type: 'NotEquals', LeftValue: 3, RightValue: 3.0 }, 'c')).toBe(false);
    expect(holds({ Type: 'NotIn', QueryValue: 'x', Values: ['a', 'b'] }, 'c')).toBe(true);
    expect(holds({ Type: 'In', QueryValue: 'a', Values: ['a', 'b'] }, 'c')).toBe(true);
  });

  it('compares ISO date-times (Execution.StartDateTime) and names the condition when values do not compare', () => {
    expect(holds({ Type: 'GreaterThan', LeftValue: '2026-12-01T20:00:00.000Z', RightValue: '2026-01-01T00:00:00Z' }, 'c')).toBe(true);
    expect(holds({ Type: 'LessThanOrEqualTo', LeftValue: '2026-12-01', RightValue: '2026-12-01T00:00:00Z' }, 'c')).toBe(true);
    expect(() => holds({ Type: 'GreaterThan', LeftValue: '2026-12-01T20:00:00Z', RightValue: 'yesterday' }, 'step Check: Conditions[0]')).toThrow(
      /step Check: Conditions\[0\] \(GreaterThan\): cannot compare "2026-12-01T20:00:00Z" with "yesterday"/,
    );
  });
});

describe('parameters', () => {
  const def: PipelineDefinition = {
    Version: '2020-12-01',
    Parameters: [
      { Name: 'Mode', Type: 'String', DefaultValue: 'fast', EnumValues: ['fast', 'slow'] },
      { Name: 'Rate', Type: 'Float', DefaultValue: 0.0 },
    ],
    Steps: [],
  };

  it('enforces ParameterString EnumValues, naming the allowed values', () => {
    expect(resolveParameters(def, { Mode: 'slow' }).Mode).toBe('slow');
    expect(() => resolveParameters(def, { Mode: 'medium' })).toThrow(/parameter Mode: "medium" is not one of its EnumValues \("fast", "slow"\)/);
  });

  it('a Float parameter joins as a float: 0.0 is "0.0", 2 is "2.0", 0.25 stays "0.25"', async () => {
    const scope: EvalScope = {
      parameters: { Rate: 0, Big: 2, Small: 0.25, Count: 3 },
      execution: {},
      stepRecord: () => undefined,
      propertyFile: async () => null,
      floatParameters: new Set(['Rate', 'Big', 'Small']),
    };
    const join = { 'Std:Join': { On: ',', Values: [{ Get: 'Parameters.Rate' }, { Get: 'Parameters.Big' }, { Get: 'Parameters.Small' }, { Get: 'Parameters.Count' }] } };
    expect(await evaluate(join, scope, 'x')).toBe('0.0,2.0,0.25,3');
  });
});

describe('S3Prefix is a key name prefix', () => {
  it('matches keys that start with the prefix, named below the prefix or its folder', () => {
    const keys = ['data/part-0.csv', 'data/part-1.csv', 'data/other.csv', 'data/part/x.csv', 'data/partial/y.csv'];
    expect(prefixMatches('data/part', keys)).toEqual([
      { key: 'data/part-0.csv', rel: 'part-0.csv' },
      { key: 'data/part-1.csv', rel: 'part-1.csv' },
      { key: 'data/part/x.csv', rel: 'x.csv' },
      { key: 'data/partial/y.csv', rel: 'partial/y.csv' },
    ]);
    expect(prefixMatches('data/', keys).map((m) => m.rel)).toEqual(['part-0.csv', 'part-1.csv', 'other.csv', 'part/x.csv', 'partial/y.csv']);
    expect(prefixMatches('data/other.csv', keys)).toEqual([{ key: 'data/other.csv', rel: 'other.csv' }]);
  });

  it('stages s3://bkt/data/part as part-0.csv and part-1.csv, 0644, hard-linked from a folder store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sagewire-prefix-'));
    try {
      const store = new FolderStore(join(dir, 'store'));
      await store.putBytes('s3://bkt/data/part-0.csv', 'a');
      await store.putBytes('s3://bkt/data/part-1.csv', 'b');
      await store.putBytes('s3://bkt/data/zzz.csv', 'c');
      const target = join(dir, 'in');
      expect(await stageInput(store, 's3://bkt/data/part', target, 'step X', { link: true })).toBe(2);
      expect((await readdir(target)).sort()).toEqual(['part-0.csv', 'part-1.csv']);
      const st = await stat(join(target, 'part-0.csv'));
      expect(st.mode & 0o777).toBe(0o644);
      expect(st.ino).toBe((await stat(store.pathOf('s3://bkt/data/part-0.csv'))).ino);
      await expect(stageInput(store, 's3://bkt/nothing', join(dir, 'none'), 'step X: ProcessingInputs[0] (raw)')).rejects.toThrow(/step X: ProcessingInputs\[0\] \(raw\): no object at s3:\/\/bkt\/nothing/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('refused before the first step, naming the construct and the step', () => {
  const training = (name: string, extra: Record<string, unknown>) => ({
    Name: name,
    Type: 'Training',
    Arguments: {
      AlgorithmSpecification: { TrainingImage: 'img', TrainingInputMode: 'File' },
      OutputDataConfig: { S3OutputPath: 's3://bkt/models' },
      HyperParameters: { sagemaker_program: { Get: 'Parameters.Program' }, sagemaker_submit_directory: '"s3://bkt/code/src.tar.gz"' },
      ...extra,
    },
  });
  const channel = (name: string, extra: Record<string, unknown>, source: Record<string, unknown> = {}) => ({
    ChannelName: name,
    DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://bkt/data/', ...source } },
    ...extra,
  });

  it('lists ManifestFile, Pipe and Gzip channels, Processing Pipe input, Std:JsonGet with S3Uri, and a cycle, all at once', () => {
    const def = {
      Version: '2020-12-01',
      Parameters: [{ Name: 'Program', Type: 'String', DefaultValue: 'train.py' }],
      Steps: [
        training('Manifest', { InputDataConfig: [channel('train', {}, { S3DataType: 'ManifestFile' })] }),
        training('PipeChannel', { InputDataConfig: [channel('train', { InputMode: 'Pipe' })] }),
        training('PipeJob', { AlgorithmSpecification: { TrainingImage: 'img', TrainingInputMode: 'Pipe' } }),
        training('GzipChannel', { InputDataConfig: [channel('train', { CompressionType: 'Gzip' })] }),
        {
          Name: 'PipeProcessing',
          Type: 'Processing',
          Arguments: {
            AppSpecification: { ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/x.py'] },
            ProcessingInputs: [{ InputName: 'raw', S3Input: { S3Uri: 's3://bkt/raw/', LocalPath: '/opt/ml/processing/input/raw', S3DataType: 'S3Prefix', S3InputMode: 'Pipe' } }],
          },
        },
        {
          Name: 'Check',
          Type: 'Condition',
          Arguments: { Conditions: [{ Type: 'GreaterThan', LeftValue: { 'Std:JsonGet': { S3Uri: 's3://bkt/eval.json', Path: 'mse' } }, RightValue: 1 }] },
        },
        { ...training('LoopA', {}), DependsOn: ['LoopB'] },
        { ...training('LoopB', {}), DependsOn: ['LoopA'] },
      ],
    } as unknown as PipelineDefinition;
    let err: LocalRunError | undefined;
    try {
      planRun(def);
    } catch (e) {
      err = e as LocalRunError;
    }
    expect(err).toBeInstanceOf(LocalRunError);
    const text = err!.describe();
    expect(text).toMatch(/Steps\.Manifest\.InputDataConfig\[0\] \(train\)\.DataSource\.S3DataSource\.S3DataType: ManifestFile channels are not supported locally/);
    expect(text).toMatch(/Steps\.PipeChannel\.InputDataConfig\[0\] \(train\)\.InputMode: Pipe mode is not supported locally/);
    expect(text).toMatch(/Steps\.PipeJob\.AlgorithmSpecification\.TrainingInputMode: Pipe mode is not supported locally/);
    expect(text).toMatch(/Steps\.GzipChannel\.InputDataConfig\[0\] \(train\)\.CompressionType: Gzip channels are not supported locally/);
    expect(text).toMatch(/Steps\.PipeProcessing\.ProcessingInputs\[0\]\.S3Input\.S3InputMode: Pipe mode is not supported locally/);
    expect(text).toMatch(/Steps\.Check: Std:JsonGet with S3Uri .* not supported locally/);
    expect(text).toMatch(/Steps\.LoopA: in a cycle: waits for LoopB/);
    expect(text).toMatch(/Steps\.LoopB: in a cycle: waits for LoopA/);
    // sagemaker_program given as a parameter is a script, not a built-in algorithm image.
    expect(text).not.toMatch(/built-in algorithm image/);
  });

  it('a cycle alone is still reported as a cycle', () => {
    const def = {
      Version: '2020-12-01',
      Parameters: [{ Name: 'Program', Type: 'String', DefaultValue: 'train.py' }],
      Steps: [
        { ...training('LoopA', {}), DependsOn: ['LoopB'] },
        { ...training('LoopB', {}), DependsOn: ['LoopA'] },
      ],
    } as unknown as PipelineDefinition;
    expect(() => planRun(def)).toThrow(/cycle/);
  });
});
