import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalRunError } from '../errors.js';
import { checkDefinition, type PipelineDefinition } from './definition.js';
import { planRun } from './plan.js';

const REF = join(__dirname, '..', '..', '..', 'shared', 'reference', 'sdk-examples');
const sdkExample = (name: string) => checkDefinition(JSON.parse(readFileSync(join(REF, name), 'utf8')));

function processing(name: string, extra: Record<string, unknown> = {}) {
  return {
    Name: name,
    Type: 'Processing',
    Arguments: {
      AppSpecification: { ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/x.py'] },
      ProcessingOutputConfig: { Outputs: [{ OutputName: 'out', S3Output: { S3Uri: 's3://b/x', LocalPath: '/opt/ml/processing/output' } }] },
      ...extra,
    },
  };
}

describe('planRun', () => {
  it('derives data edges from Gets, DependsOn edges, and orders steps by dependency', () => {
    const def: PipelineDefinition = {
      Version: '2020-12-01',
      Steps: [
        processing('C', { ProcessingInputs: [{ S3Input: { S3Uri: { Get: "Steps.B.ProcessingOutputConfig.Outputs['out'].S3Output.S3Uri" }, LocalPath: '/opt/ml/processing/input' } }] }),
        { ...processing('B'), DependsOn: ['A'] },
        processing('A'),
      ],
    };
    const plan = planRun(def);
    expect(plan.steps.map((s) => s.name)).toEqual(['A', 'B', 'C']);
    expect(plan.edges).toEqual(expect.arrayContaining([
      { from: 'A', to: 'B', kind: 'depends-on' },
      { from: 'B', to: 'C', kind: 'data' },
    ]));
    expect(plan.steps[2]!.dataFrom).toEqual(['B']);
  });

  it('flattens Condition branches; branch steps wait for the condition and their data producers', () => {
    const plan = planRun(sdkExample('full.json'), { strict: false });
    const register = plan.steps.find((s) => s.name === 'RegisterAbaloneModel-RegisterModel')!;
    expect(register.branch).toEqual({ condition: 'CheckMSEAbaloneEvaluation', when: true });
    expect(register.after).toEqual(['TrainAbaloneModel', 'EvaluateAbaloneModel', 'CheckMSEAbaloneEvaluation']);
    expect(plan.steps.find((s) => s.name === 'AbaloneMSEFail')!.branch?.when).toBe(false);
    expect(plan.steps.find((s) => s.name === 'CheckMSEAbaloneEvaluation')!.dataFrom).toEqual(['EvaluateAbaloneModel']);
  });

  it('refuses before the run what cannot run locally, listing every reason', () => {
    const def: PipelineDefinition = {
      Version: '2020-12-01',
      Parameters: [{ Name: 'P', Type: 'String', DefaultValue: 'x' }],
      Steps: [
        { Name: 'T', Type: 'Transform', Arguments: {} },
        processing('A', { Environment: { X: { 'Std:Concat': ['a'] }, Y: { Get: 'Parameters.Nope' }, Z: { Get: "Steps.B.ProcessingOutputConfig.Outputs['missing'].S3Output.S3Uri" } } }),
        processing('B', { ProcessingInputs: [{ InputName: 'm', S3Input: { S3Uri: 's3://b/m', LocalPath: '/data', S3DataType: 'ManifestFile' } }] }),
      ],
    };
    let err: unknown;
    try {
      planRun(def);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LocalRunError);
    const text = (err as LocalRunError).describe();
    expect(text).toContain('step type Transform is not supported locally');
    expect(text).toContain('function Std:Concat is not supported locally');
    expect(text).toContain('no parameter "Nope"');
    expect(text).toContain('has no output "missing"');
    expect(text).toContain('Steps.B.ProcessingInputs[0].S3Input.S3DataType: ManifestFile is not supported locally');
    expect(text).toContain('"/data" is not under /opt/ml');
  });

  it('refuses a built-in-algorithm Training step (no script to run) from the SDK example', () => {
    const err = (() => {
      try {
        planRun(sdkExample('full.json'));
      } catch (e) {
        return e as LocalRunError;
      }
      return undefined;
    })();
    expect(err?.describe()).toMatch(/Steps\.TrainAbaloneModel\.HyperParameters: a Training step runs locally only as a script/);
  });

  it('draws the SDK DependsOn example (an edge both declared and read from counts as data) but refuses its Pipe input', () => {
    expect(() => planRun(sdkExample('dependson.json'))).toThrow(LocalRunError);
    try {
      planRun(sdkExample('dependson.json'));
    } catch (err) {
      expect((err as LocalRunError).describe()).toMatch(/Steps\.Shard\.ProcessingInputs\[0\]\.S3Input\.S3InputMode: Pipe mode is not supported locally/);
    }
    const plan = planRun(sdkExample('dependson.json'), { strict: false });
    expect(plan.edges).toEqual([{ from: 'Fetch', to: 'Shard', kind: 'data' }]);
    expect(plan.steps[1]!.after).toEqual(['Fetch']);
  });

  it('refuses a cycle', () => {
    const def: PipelineDefinition = { Version: '2020-12-01', Steps: [{ ...processing('A'), DependsOn: ['B'] }, { ...processing('B'), DependsOn: ['A'] }] };
    expect(() => planRun(def)).toThrow(/cycle/);
  });

  it('refuses step names that are not SageMaker names (they become folder names)', () => {
    expect(() => checkDefinition({ Version: '2020-12-01', Steps: [{ Name: '../escape', Type: 'Fail' }] })).toThrow(/malformed steps/);
  });
});
