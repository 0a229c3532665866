import { describe, expect, it } from 'vitest';
import type { OutputSpec, StepSpecification } from '../spec/specification.js';
import { DUMMY_TRAINING_SPEC } from '../steps/dummy-training/spec.js';
import { PACKAGE_SPEC } from '../steps/package/spec.js';
import { PAYLOAD_SPEC } from '../steps/payload/spec.js';
import { REGISTRATION_SPEC } from '../steps/registration/spec.js';
import { assertResolved, resolveDependencies, type ResolverNode } from './resolver.js';
import { scorePair } from './score.js';
import { meaningfulTokens, splitName } from './tokens.js';

const FOUR_STEP: ResolverNode[] = [
  { name: 'DummyTraining', spec: DUMMY_TRAINING_SPEC },
  { name: 'Package', spec: PACKAGE_SPEC },
  { name: 'Payload', spec: PAYLOAD_SPEC },
  { name: 'Registration', spec: REGISTRATION_SPEC },
];
const FOUR_EDGES: [string, string][] = [
  ['DummyTraining', 'Package'],
  ['DummyTraining', 'Payload'],
  ['Package', 'Registration'],
  ['Payload', 'Registration'],
];

function output(logicalName: string, aliases: string[] = [], outputType: OutputSpec['outputType'] = 'model_artifacts'): OutputSpec {
  return {
    logicalName,
    outputType,
    propertyPath: `properties.ProcessingOutputConfig.Outputs['${logicalName}'].S3Output.S3Uri`,
    dataType: 'S3Uri',
    aliases,
    description: '',
  };
}

function producer(stepType: string, outputs: OutputSpec[]): StepSpecification {
  return { stepType, sagemakerStepType: 'Processing', nodeType: 'source', dependencies: [], outputs };
}

describe('splitName', () => {
  it('splits camelCase, PascalCase and snake_case alike', () => {
    expect(splitName('packagedModelOutput')).toEqual(['packaged', 'model', 'output']);
    expect(splitName('PackagedModel_output')).toEqual(['packaged', 'model', 'output']);
    expect(splitName('S3ModelArtifacts')).toEqual(['s3', 'model', 'artifacts']);
    expect([...meaningfulTokens('model_input')]).toEqual(['model']);
  });
});

describe('resolveDependencies', () => {
  it('wires the four-step flow with exactly four data edges', () => {
    const report = resolveDependencies(FOUR_STEP, FOUR_EDGES);
    expect(report.problems).toEqual([]);
    expect(report.decisions.map((d) => `${d.consumer}.${d.input} <- ${d.producer}.${d.output}`)).toEqual([
      'Package.model_input <- DummyTraining.model_output',
      'Payload.model_input <- DummyTraining.model_output',
      'Registration.packaged_model_input <- Package.packaged_model_output',
      'Registration.payload_input <- Payload.payload_sample',
    ]);
    for (const d of report.decisions) expect(d.why).toMatch(/type .* matches/);
    // optional inputs with no real hit stay unwired, with a reason
    expect(report.unmatched.map((u) => `${u.consumer}.${u.input}`)).toEqual(['Package.calibration_input', 'Registration.performance_metadata']);
  });

  it('only looks along DAG edges', () => {
    const report = resolveDependencies(FOUR_STEP, [
      ['DummyTraining', 'Package'],
      ['DummyTraining', 'Payload'],
      ['Payload', 'Registration'],
    ]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]!.path).toBe('Registration.packaged_model_input');
    expect(report.problems[0]!.message).toMatch(/Payload\.payload_sample \(0\.00: type payload_samples cannot feed model_artifacts\)/);
    expect(() => assertResolved(report)).toThrow(/cannot wire the pipeline/);
  });

  it('never picks a near-miss name over the compatible source', () => {
    // A producer whose output is literally called "packaged_model_inputs" but is not a Package step
    const imposter = producer('Custom', [output('packaged_model_inputs')]);
    const report = resolveDependencies(
      [{ name: 'Imposter', spec: imposter }, { name: 'Package', spec: PACKAGE_SPEC }, { name: 'Registration', spec: REGISTRATION_SPEC }],
      [
        ['Imposter', 'Registration'],
        ['Package', 'Registration'],
      ],
    );
    const d = report.decisions.find((x) => x.input === 'packaged_model_input');
    expect(d?.producer).toBe('Package');
  });

  it('refuses to choose between two producers with equally fitting outputs', () => {
    const a = producer('Custom', [output('model_artifacts')]);
    const b = producer('Custom', [output('model_artifact_files', ['model_artifacts'])]);
    const report = resolveDependencies(
      [{ name: 'A', spec: a }, { name: 'B', spec: b }, { name: 'Package', spec: PACKAGE_SPEC }],
      [
        ['A', 'Package'],
        ['B', 'Package'],
      ],
    );
    expect(report.decisions).toEqual([]);
    expect(report.problems[0]!.message).toMatch(/too close to call between (A|B)\.model_artifact\w* .* and (A|B)\.model_artifact/);
  });

  it('feeds one producer output to at most one input of a consumer', () => {
    const consumer: StepSpecification = {
      stepType: 'Two',
      sagemakerStepType: 'Processing',
      nodeType: 'internal',
      dependencies: ['train_data', 'eval_data'].map((n) => ({
        logicalName: n,
        dependencyType: 'processing_output' as const,
        required: true,
        compatibleSources: ['Prep'],
        semanticKeywords: ['data'],
        dataType: 'S3Uri' as const,
        description: '',
      })),
      outputs: [output('x')],
    };
    const prep = producer('Prep', [output('train_data', [], 'processing_output')]);
    const report = resolveDependencies(
      [
        { name: 'Prep', spec: prep },
        { name: 'Two', spec: consumer },
      ],
      [['Prep', 'Two']],
    );
    expect(report.decisions.map((d) => d.input)).toEqual(['train_data']);
    expect(report.problems.map((p) => p.path)).toEqual(['Two.eval_data']);
  });

  it('wires an optional input only on a real name, alias or source hit', () => {
    const weak = producer('Custom', [output('payload_things_extra', [], 'payload_samples')]);
    const report = resolveDependencies(
      [{ name: 'Package', spec: PACKAGE_SPEC }, { name: 'W', spec: weak }, { name: 'Registration', spec: REGISTRATION_SPEC }],
      [
        ['Package', 'Registration'],
        ['W', 'Registration'],
      ],
    );
    expect(report.decisions.map((d) => d.input)).toEqual(['packaged_model_input']);
    const u = report.unmatched.find((x) => x.input === 'payload_input');
    expect(u?.required).toBe(false);
    expect(u?.candidates[0]?.producer).toBe('W');
  });

  it('does not let a skip edge (DummyTraining -> Registration) steal the packaged model input', () => {
    const report = resolveDependencies(FOUR_STEP, [...FOUR_EDGES, ['DummyTraining', 'Registration']]);
    expect(report.problems).toEqual([]);
    expect(report.decisions.find((d) => d.input === 'packaged_model_input')?.producer).toBe('Package');
    // the skip edge adds no wiring: the same four decisions, the same two optional inputs left
    expect(report.decisions).toHaveLength(4);
    expect(report.unmatched.map((u) => u.input)).toEqual(['calibration_input', 'performance_metadata']);
  });

  it('refuses to pick between two packaging steps feeding one registration', () => {
    const report = resolveDependencies(
      [
        { name: 'DummyTraining', spec: DUMMY_TRAINING_SPEC },
        { name: 'PackageA', spec: PACKAGE_SPEC },
        { name: 'PackageB', spec: PACKAGE_SPEC },
        { name: 'Registration', spec: REGISTRATION_SPEC },
      ],
      [
        ['DummyTraining', 'PackageA'],
        ['DummyTraining', 'PackageB'],
        ['PackageA', 'Registration'],
        ['PackageB', 'Registration'],
      ],
    );
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]!.message).toMatch(
      /Registration\.packaged_model_input: too close to call between PackageA\.packaged_model_output \(1\.00\) and PackageB\.packaged_model_output \(1\.00\)/,
    );
  });
});

describe('scorePair reasons', () => {
  it('names the output, not only the alias, when the name matched through an alias', () => {
    const dep = REGISTRATION_SPEC.dependencies.find((d) => d.logicalName === 'payload_input')!;
    const output = PAYLOAD_SPEC.outputs.find((o) => o.logicalName === 'payload_sample')!;
    const { why } = scorePair(dep, 'Payload', output);
    expect(why).toContain('name payload_input ~ payload (an alias of payload_sample)');
    const direct = scorePair(PACKAGE_SPEC.dependencies.find((d) => d.logicalName === 'model_input')!, 'DummyTraining', DUMMY_TRAINING_SPEC.outputs[0]!);
    expect(direct.why).toMatch(/name model_input ~ model_output \(1\)/);
  });
});
