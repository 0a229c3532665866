import { describe, expect, it } from 'vitest';
import type { ExecutionReport } from './executions.js';
import { describeChanges, waitForExecution } from './wait.js';

const arn = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x';

/** A scripted sequence of observations of one execution, as SageMaker would report them. */
function scripted(reports: Partial<ExecutionReport>[]) {
  let i = 0;
  return async () => ({ arn, status: 'Executing', ...reports[Math.min(i++, reports.length - 1)] }) as ExecutionReport;
}

describe('waitForExecution', () => {
  it('reports each status change once, backs off between polls, and stops at a terminal status', async () => {
    const lines: string[] = [];
    const delays: number[] = [];
    const result = await waitForExecution(
      scripted([
        { status: 'Executing', steps: [{ name: 'Train', status: 'Starting' }] },
        { status: 'Executing', steps: [{ name: 'Train', status: 'Starting' }] },
        { status: 'Executing', steps: [{ name: 'Train', status: 'Executing' }] },
        { status: 'Executing', steps: [{ name: 'Train', status: 'Succeeded' }, { name: 'Package', status: 'Executing' }] },
        {
          status: 'Failed',
          failureReason: 'Step failure: Package',
          steps: [
            { name: 'Train', status: 'Succeeded' },
            { name: 'Package', status: 'Failed', failureReason: 'ClientError: bad archive' },
          ],
        },
      ]),
      { initialDelayMs: 100, factor: 2, maxDelayMs: 300, onChange: (l) => lines.push(l), sleep: async (ms) => void delays.push(ms) },
    );
    expect(result.finished).toBe(true);
    expect(result.report.status).toBe('Failed');
    expect(result.polls).toBe(5);
    expect(delays).toEqual([100, 200, 300, 300]);
    expect(lines).toEqual([
      'execution Executing',
      'step Train: Starting',
      'step Train: Starting -> Executing',
      'step Train: Executing -> Succeeded',
      'step Package: Executing',
      'execution Failed: Step failure: Package',
      'step Package: Executing -> Failed: ClientError: bad archive',
    ]);
  });

  it('gives up after timeoutMs without claiming the execution finished', async () => {
    const result = await waitForExecution(scripted([{ status: 'Executing' }]), {
      initialDelayMs: 10,
      factor: 1,
      timeoutMs: 30,
      sleep: async () => {},
    });
    expect(result.finished).toBe(false);
    expect(result.report.status).toBe('Executing');
    expect(result.polls).toBe(4);
  });

  it('says once when the endpoint cannot list steps', () => {
    const unavailable = { arn, status: 'Succeeded', stepsUnavailable: 'no ListPipelineExecutionSteps' };
    expect(describeChanges(undefined, unavailable)).toEqual([
      'execution Succeeded',
      'step statuses unavailable: no ListPipelineExecutionSteps',
    ]);
    expect(describeChanges(unavailable, unavailable)).toEqual([]);
  });
});
