import { describe, expect, it } from 'vitest';
import { SpecError } from '../errors.js';
import { alignmentIssues } from '../spec/alignment.js';
import { defineSpec } from '../spec/specification.js';
import { STEP_CATALOG, stepDefinition } from './catalog.js';

describe('step catalog', () => {
  it.each(STEP_CATALOG.filter((b) => b.contract).map((b) => [b.stepType, b] as const))('%s: spec and contract are aligned', (_t, b) => {
    expect(alignmentIssues(b.spec, b.contract!)).toEqual([]);
  });

  it('reports a misaligned contract and a property path of the wrong step type', () => {
    const pkg = stepDefinition('Package');
    const contract = { ...pkg.contract!, inputs: { ...pkg.contract!.inputs, extra: '/opt/ml/processing/input/extra' } };
    expect(alignmentIssues(pkg.spec, contract)).toEqual([{ path: 'Package.inputs.extra', message: 'contract input has no dependency in the spec' }]);
    const problem = (propertyPath: string): string => {
      try {
        defineSpec({ ...pkg.spec, outputs: [{ ...pkg.spec.outputs[0]!, propertyPath }] });
        return 'no error';
      } catch (err) {
        expect(err).toBeInstanceOf(SpecError);
        return (err as SpecError).describe();
      }
    };
    expect(problem('properties.ModelArtifacts.S3ModelArtifacts')).toMatch(/outputs\.packaged_model_output: .*not a property of a Processing step/);
    expect(problem("properties.ProcessingOutputConfig.Outputs['other'].S3Output.S3Uri")).toMatch(
      /names output "other" but the output is "packaged_model_output"/,
    );
  });
});
