import { describe, expect, it } from 'vitest';
import { DefinitionError } from '../errors.js';
import { validateAgainstSchemas } from './__fixtures__/schemas.js';
import { executionVariable, join, jsonGet, parameterRef, stepProperty, type Value } from './expressions.js';
import { integerParameter, stringParameter } from './parameters.js';
import { Pipeline } from './pipeline.js';
import { renderValue } from './render-value.js';
import { ConditionStep } from './steps/condition-step.js';
import { FailStep } from './steps/fail-step.js';
import { ModelStep } from './steps/model-step.js';
import { ProcessingStep } from './steps/processing-step.js';
import { RegisterModelStep } from './steps/register-model-step.js';
import { TrainingStep } from './steps/training-step.js';

const ROLE = 'arn:aws:iam::123456789012:role/R';
const PREFIX = stringParameter({ name: 'EXECUTION_S3_PREFIX', defaultValue: 's3://b/p' });

function prep(name = 'Prep', extra: { dependsOn?: string[]; source?: Value } = {}) {
  return new ProcessingStep({
    name,
    roleArn: ROLE,
    imageUri: 'img',
    entrypoint: ['node', '/opt/ml/processing/input/code/x.mjs'],
    instanceType: 'ml.m5.large',
    instanceCount: 1,
    volumeSizeInGb: 30,
    inputs: [{ inputName: 'data', source: extra.source ?? 's3://b/raw', destination: '/opt/ml/processing/input/data' }],
    outputs: [{ outputName: 'train', source: '/opt/ml/processing/output', destination: join('/', [PREFIX.ref, name, 'train']) }],
    environment: { B: '2', A: parameterRef('EXECUTION_S3_PREFIX') },
    cache: { enabled: true, expireAfter: 'P30D' },
    retryPolicies: [{ exceptionTypes: ['Step.THROTTLING'], maxAttempts: 3 }],
    ...(extra.dependsOn ? { dependsOn: extra.dependsOn } : {}),
  });
}

function train(source: Value = stepProperty('Prep', "properties.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri")) {
  return new TrainingStep({
    name: 'Train',
    roleArn: ROLE,
    trainingImage: 'img',
    channels: [{ channelName: 'train', s3Uri: source }],
    outputPath: join('/', [PREFIX.ref, 'Train']),
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    volumeSizeInGb: 30,
    hyperParameters: { eta: '0.2' },
  });
}

describe('renderValue', () => {
  it('renders every reference kind', () => {
    expect(renderValue(executionVariable('PipelineExecutionId'))).toEqual({ Get: 'Execution.PipelineExecutionId' });
    expect(renderValue(stepProperty('A', 'properties.ModelName'))).toEqual({ Get: 'Steps.A.ModelName' });
    expect(renderValue(jsonGet('E', 'Report', 'a.b'))).toEqual({
      'Std:JsonGet': { PropertyFile: { Get: 'Steps.E.PropertyFiles.Report' }, Path: 'a.b' },
    });
  });

  it('fails loudly on an unknown kind', () => {
    expect(() => renderValue({ kind: 'lambda-output' } as unknown as Value)).toThrow(/unknown reference kind "lambda-output"/);
  });
});

describe('Pipeline', () => {
  it('renders a whole definition valid against both schemas, with data edges', () => {
    const model = new ModelStep({
      name: 'Model',
      executionRoleArn: ROLE,
      primaryContainer: { image: 'img', modelDataUrl: stepProperty('Train', 'ModelArtifacts.S3ModelArtifacts') },
    });
    const reg = new RegisterModelStep({
      name: 'Register',
      modelPackageGroupName: 'g',
      containers: [{ image: 'img', modelDataUrl: stepProperty('Train', 'ModelArtifacts.S3ModelArtifacts') }],
      contentTypes: ['text/csv'],
      responseTypes: ['text/csv'],
    });
    const cond = new ConditionStep({
      name: 'Check',
      conditions: [{ kind: 'compare', type: 'GreaterThan', left: parameterRef('N'), right: 1 }],
      ifSteps: [reg],
      elseSteps: [new FailStep({ name: 'Stop', errorMessage: join(' ', ['N was', parameterRef('N')]) })],
    });
    const p = new Pipeline({ parameters: [PREFIX, integerParameter({ name: 'N', defaultValue: 2 })], steps: [prep(), train(), model, cond] });
    const { definition, edges } = p.render();
    // The official schema cannot express Condition branches or RegisterModel (PATCHES.md).
    expect(validateAgainstSchemas(definition).sdk).toEqual([]);
    const plain = new Pipeline({ parameters: [PREFIX], steps: [prep(), train(), model] }).render().definition;
    expect(validateAgainstSchemas(plain)).toEqual({ sdk: [], official: [] });
    expect(edges.filter((e) => e.via === 'data').map((e) => `${e.from}->${e.to}`)).toEqual([
      'Prep->Train',
      'Train->Model',
      'Train->Check',
    ]);
    const step0 = (definition.Steps as Record<string, unknown>[])[0]!;
    expect(Object.keys(step0)).toEqual(['Name', 'Type', 'Arguments', 'RetryPolicies', 'CacheConfig']);
    expect(Object.keys((step0.Arguments as Record<string, unknown>).Environment as object)).toEqual(['A', 'B']);
    // The same steps, built afresh, give the same bytes.
    const again = new Pipeline({ parameters: [PREFIX, integerParameter({ name: 'N', defaultValue: 2 })], steps: [prep(), train(), model, cond] });
    expect(again.toJsonString()).toBe(p.toJsonString());
  });

  it('omits empty lists', () => {
    const s = new ProcessingStep({ name: 'X', roleArn: ROLE, imageUri: 'i', instanceType: 't', instanceCount: 1, volumeSizeInGb: 1 });
    const json = JSON.stringify(s.toStepJson());
    expect(json).not.toMatch(/ProcessingInputs|DependsOn|ContainerEntrypoint|ProcessingOutputConfig|\[\]/);
  });

  it('collects every problem: unknown property, unknown step, undeclared parameter, duplicate name', () => {
    const bad = train(stepProperty('Prep', "ProcessingOutputConfig.Outputs['validation'].S3Output.S3Uri"));
    const p = new Pipeline({
      parameters: [PREFIX],
      steps: [prep(), bad, prep('Prep'), prep('Other', { source: parameterRef('MISSING'), dependsOn: ['Ghost'] })],
    });
    try {
      p.render();
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DefinitionError);
      const text = (err as DefinitionError).describe();
      expect(text).toMatch(/Outputs\['validation'\].*does not expose/);
      expect(text).toMatch(/duplicate step name/);
      expect(text).toMatch(/undeclared parameter MISSING/);
      expect(text).toMatch(/DependsOn: unknown step Ghost/);
    }
  });

  it('refuses a cycle made of data and explicit edges', () => {
    const p = new Pipeline({ parameters: [PREFIX], steps: [prep('Prep', { dependsOn: ['Train'] }), train()] });
    expect(() => p.render()).toThrow(DefinitionError);
    try {
      p.render();
    } catch (err) {
      expect((err as DefinitionError).describe()).toMatch(/cycle: (Prep -> Train -> Prep|Train -> Prep -> Train)/);
    }
  });
});
