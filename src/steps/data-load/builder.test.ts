import { describe, expect, it } from 'vitest';
import { contextFor, rendered } from '../__fixtures__/context.js';
import { dataLoadStep } from './builder.js';

describe('dataLoadStep', () => {
  it('stages each source URI in its own folder and copies them with the shell', () => {
    const ctx = contextFor('DataLoad', { job_type: 'training', data_source_uris: ['s3://data-bucket/a/', 's3://data-bucket/b/'] });
    const step = rendered(dataLoadStep.build(ctx).step);
    expect((step.Arguments.ProcessingInputs as { InputName: string; S3Input: { LocalPath: string } }[]).map((i) => [i.InputName, i.S3Input.LocalPath])).toEqual([
      ['data_source_1', '/opt/ml/processing/input/data/1'],
      ['data_source_2', '/opt/ml/processing/input/data/2'],
    ]);
    expect((step.Arguments.AppSpecification as { ContainerEntrypoint: string[] }).ContainerEntrypoint[0]).toBe('/bin/sh');
    expect(ctx.assets.manifest().assets).toEqual([]);
  });
});
