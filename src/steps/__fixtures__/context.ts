/** Test helper: a BuildContext for one step, from raw config fields (validated by the real schema). */
import { join } from 'node:path';
import { AssetCollector } from '../kit/assets.js';
import type { BuildContext } from '../kit/build-context.js';
import { PACKAGE_ROOT } from '../kit/package-root.js';
import { pipelineParameters } from '../kit/parameters.js';
import { withDerivedFields } from '../../config/base-config.js';
import { stepDefinition, type StepConfigByType, type StepType } from '../catalog.js';
import '../config-classes.js'; // the catalog's schemas, loaded
import { validateConfig } from '../../config/validate.js';
import type { Value } from '../../dsl/expressions.js';
import { REPO_ROOT } from '../../dsl/__fixtures__/schemas.js';

export const FOUR_STEP_DIR = join(REPO_ROOT, 'examples', 'four-step');

export const BASE = {
  author: 'tester',
  bucket: 'test-bucket',
  role: 'arn:aws:iam::111122223333:role/R',
  region: 'NA',
  service_name: 'Svc',
  pipeline_version: '1.0.0',
  project_root: FOUR_STEP_DIR,
};

export function contextFor<T extends StepType>(
  stepType: T,
  fields: Record<string, unknown>,
  inputs: Record<string, Value> = {},
): BuildContext<StepConfigByType[T]> & { assets: AssetCollector } {
  const config = withDerivedFields(validateConfig(stepDefinition(stepType).config.schema, { ...BASE, ...fields }, stepType) as StepConfigByType[T]);
  return {
    stepName: stepType,
    config,
    inputs,
    inputProducers: {},
    configs: {},
    definitions: {},
    pipelineName: 'test-pipeline',
    parameters: pipelineParameters('s3://test-bucket/prefix'),
    assets: new AssetCollector('test-bucket', 'test-pipeline'),
    packageRoot: PACKAGE_ROOT,
  };
}

/** The rendered step as plain JSON. */
export function rendered(step: { toStepJson(): unknown }): { Arguments: Record<string, unknown> } & Record<string, unknown> {
  return JSON.parse(JSON.stringify(step.toStepJson())) as { Arguments: Record<string, unknown> };
}
