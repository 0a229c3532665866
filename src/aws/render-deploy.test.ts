import { describe, expect, it } from 'vitest';
import type { DeployResult } from './deploy.js';
import { renderDeploy } from './render-deploy.js';

const base: DeployResult = {
  pipelineName: 'p',
  pipelineArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p',
  action: 'updated',
  region: 'us-east-1',
  definition: { bytes: 120000, via: 's3', uri: 's3://b/p/definition/abc.json' },
  assets: { uploaded: ['s3://b/p/code/1/a'], skipped: ['s3://b/p/code/2/b', 's3://b/p/code/3/c'] },
};
const arn = `${base.pipelineArn}/execution/x1`;

describe('renderDeploy', () => {
  it('summarises the deploy; exit 0 without waiting', () => {
    const { text, exitCode } = renderDeploy({ ...base, execution: { arn } });
    expect(text).toBe(
      [
        'updated pipeline p in us-east-1',
        `  arn: ${base.pipelineArn}`,
        '  definition: 120000 bytes, from s3://b/p/definition/abc.json',
        '  code: 1 uploaded, 2 already there',
        `execution: ${arn}`,
      ].join('\n'),
    );
    expect(exitCode).toBe(0);
  });

  it('exits 1 when the awaited execution did not succeed, and shows the failed step', () => {
    const { text, exitCode } = renderDeploy({
      ...base,
      execution: {
        arn,
        finished: true,
        report: {
          arn,
          status: 'Failed',
          failureReason: 'Step failure: One or multiple steps failed.',
          steps: [
            { name: 'Package', status: 'Failed', failureReason: 'AlgorithmError: archive truncated' },
            { name: 'DummyTraining', status: 'Succeeded' },
          ],
        },
      },
    });
    expect(exitCode).toBe(1);
    expect(text).toContain('  status: Failed (Step failure: One or multiple steps failed.)');
    expect(text).toContain('  step Package        Failed  AlgorithmError: archive truncated');
  });

  it('exits 1 when waiting stopped before the end, 0 on Succeeded', () => {
    const running = renderDeploy({ ...base, execution: { arn, finished: false, report: { arn, status: 'Executing' } } });
    expect(running.exitCode).toBe(1);
    expect(running.text).toContain('(still running: stopped waiting)');
    expect(renderDeploy({ ...base, execution: { arn, finished: true, report: { arn, status: 'Succeeded', steps: [] } } }).exitCode).toBe(0);
  });
});
