import { describe, expect, it } from 'vitest';
import { stepKind, STEP_KIND_NAMES, STEP_KINDS, matchProperty, type StepKind, type StepKindName } from '../dsl/step-kinds.js';
import { ModelStep, ProcessingStep, RegisterModelStep } from '../dsl/index.js';
import { DefinitionError, LocalRunError, UnknownStepKindError } from '../errors.js';
import { propertyPathProblem } from '../spec/property-paths.js';
import type { PipelineDefinition } from './definition.js';
import { planRun } from './plan.js';
import { LOCAL_STEP_KINDS, localStepKind, type LocalStepKind } from './step-kinds.js';

describe('one descriptor per SageMaker step kind', () => {
  it('every dsl kind has its local behaviour, and nothing else has', () => {
    expect(Object.keys(LOCAL_STEP_KINDS).sort()).toEqual([...STEP_KIND_NAMES].sort());
    for (const name of STEP_KIND_NAMES) {
      const k = localStepKind(name);
      expect(k.type).toBe(name);
      for (const f of ['run', 'io', 'checkShape', 'evaluated'] as const) expect(typeof k[f], `${name}.${f}`).toBe('function');
      expect(typeof k.cacheable, `${name}.cacheable`).toBe('boolean');
    }
  });

  it("each property a local record holds is a property of its kind (the runner and the dsl cannot disagree)", () => {
    for (const name of STEP_KIND_NAMES) {
      const kind: StepKind = STEP_KINDS[name];
      for (const field of LOCAL_STEP_KINDS[name].record) {
        const covered = kind.properties.some((rule) => rule === field || rule.startsWith(`${field}.`) || rule.startsWith(`${field}[`));
        expect(covered, `${name} record field ${field}`).toBe(true);
      }
    }
  });

  it('an unknown kind fails loudly with a named error; CreateModel is read as Model', () => {
    expect(() => stepKind('Transform', 'Steps.X')).toThrow(UnknownStepKindError);
    const err = (() => {
      try {
        localStepKind('Transform');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(DefinitionError);
    expect((err as UnknownStepKindError).kind).toBe('Transform');
    expect((err as Error).message).toContain('unknown SageMaker step kind "Transform" (known: Processing, Training, Model, RegisterModel, Condition, Fail)');
    expect(stepKind('CreateModel').type).toBe('Model');
    expect(localStepKind('CreateModel').run).toBe(LOCAL_STEP_KINDS.Model.run);
  });

  it('only Processing and Training are cacheable', () => {
    expect(STEP_KIND_NAMES.filter((n) => STEP_KINDS[n].cacheable)).toEqual(['Processing', 'Training']);
  });

  it('the dsl, the spec check and the local planner read the same property paths (RegisterModel)', () => {
    const step = new RegisterModelStep({ name: 'R', modelPackageGroupName: 'g', containers: [{ image: 'i' }], contentTypes: [], responseTypes: [] });
    const accepted = ['ModelPackageArn', 'ModelPackageName', 'ModelPackageGroupName', 'ModelPackageVersion', 'ModelApprovalStatus', 'ModelPackageStatus', 'ModelPackageDescription'];
    for (const path of accepted) {
      expect(step.hasProperty(path), path).toBe(true);
      expect(propertyPathProblem('RegisterModel', `properties.${path}`, 'x'), path).toBeUndefined();
    }
    expect(step.hasProperty('ModelArtifacts.S3ModelArtifacts')).toBe(false);
    expect(propertyPathProblem('RegisterModel', 'properties.ModelArtifacts.S3ModelArtifacts', 'x')).toMatch(/not a property of a RegisterModel step/);
    const def = (path: string): PipelineDefinition => ({
      Version: '2020-12-01',
      Steps: [
        { Name: 'R', Type: 'RegisterModel', Arguments: {} },
        { Name: 'F', Type: 'Fail', Arguments: { ErrorMessage: { Get: `Steps.R.${path}` } } },
      ],
    });
    for (const path of accepted.filter((p) => p !== 'ModelPackageDescription')) expect(() => planRun(def(path)), path).not.toThrow();
    const refusal = (path: string) => {
      try {
        planRun(def(path));
      } catch (err) {
        return (err as LocalRunError).describe();
      }
      return '';
    };
    expect(refusal('ModelArtifacts.S3ModelArtifacts')).toContain('ModelArtifacts.S3ModelArtifacts is not a property of a RegisterModel step (DescribeModelPackageOutput');
    // a real property the local record does not hold
    expect(refusal('ModelPackageDescription')).toContain('property ModelPackageDescription of a RegisterModel step is not supported locally');
  });

  it('a step keeps its own say: a Processing output it does not have, a ModelDataUrl it does not set', () => {
    const p = new ProcessingStep({
      name: 'P', roleArn: 'r', imageUri: 'i', instanceType: 't', instanceCount: 1, volumeSizeInGb: 1,
      outputs: [{ outputName: 'out', source: '/opt/ml/processing/output', destination: 's3://b/o' }],
    });
    expect(p.hasProperty("ProcessingOutputConfig.Outputs['out'].S3Output.S3Uri")).toBe(true);
    expect(p.hasProperty("ProcessingOutputConfig.Outputs['other'].S3Output.S3Uri")).toBe(false);
    expect(propertyPathProblem('Processing', "properties.ProcessingOutputConfig.Outputs['other'].S3Output.S3Uri", 'out')).toMatch(/names output "other" but the output is "out"/);
    const m = new ModelStep({ name: 'M', executionRoleArn: 'r', primaryContainer: { image: 'i' } });
    expect(m.hasProperty('PrimaryContainer.Image')).toBe(true);
    expect(m.hasProperty('PrimaryContainer.ModelDataUrl')).toBe(false);
    expect(matchProperty(STEP_KINDS.Model, 'PrimaryContainer.ModelDataUrl')).toEqual({ rule: 'PrimaryContainer.**' });
  });
});

// Type-level: these fail `npm run typecheck` (this file is type-checked) if a field or a kind
// could be forgotten silently; an unused @ts-expect-error is itself an error.
const noop = LOCAL_STEP_KINDS.Fail;
// @ts-expect-error a local descriptor without its shape check
export const missingShapeCheck: LocalStepKind = { run: noop.run, io: noop.io, record: [], evaluated: noop.evaluated };
// @ts-expect-error a dsl descriptor without cacheable
export const missingCacheable: StepKind<'Fail'> = { type: 'Fail', aliases: [], describedBy: '', properties: [] };
// @ts-expect-error a new kind (here 'Transform') needs its local behaviour in LOCAL_STEP_KINDS
export const newKind: { readonly [K in StepKindName | 'Transform']: LocalStepKind } = LOCAL_STEP_KINDS;
