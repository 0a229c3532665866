/**
 * Shape parity with the Python SDK: the same step described with our props renders what the
 * SDK emitted in `../shared/reference/sdk-examples/` (the SDK's `AppManaged: false`, which we
 * omit, aside).
 */
import { describe, expect, it } from 'vitest';
import { readSdkExample } from './__fixtures__/schemas.js';
import { executionVariable, join, parameterRef, stepProperty } from './expressions.js';
import { ProcessingStep } from './steps/processing-step.js';
import { TrainingStep } from './steps/training-step.js';

function withoutAppManaged(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutAppManaged);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'AppManaged').map(([k, x]) => [k, withoutAppManaged(x)]));
  return v;
}

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecutionRole';
const SKLEARN = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.0-1-cpu-py3';

describe('rendering matches the SDK examples', () => {
  it('minimal.json: a Processing step', () => {
    const sdk = (readSdkExample('minimal.json') as { Steps: unknown[] }).Steps[0];
    const step = new ProcessingStep({
      name: 'Preprocess',
      roleArn: ROLE,
      imageUri: SKLEARN,
      containerArguments: ['--test-size', '0.2'],
      entrypoint: ['python3', '/opt/ml/processing/input/code/preprocessing.py'],
      instanceType: 'ml.m5.xlarge',
      instanceCount: 1,
      volumeSizeInGb: 30,
      inputs: [
        { inputName: 'input-1', source: parameterRef('InputDataUrl'), destination: '/opt/ml/processing/input' },
        {
          inputName: 'code',
          source: 's3://my-ml-bucket/MinimalPipeline/code/dc7a4b8f7b25321b6a52a2ba3696c613403b52e314770fcc6c934c64a8a0ec8d/preprocessing.py',
          destination: '/opt/ml/processing/input/code',
        },
      ],
      outputs: [
        {
          outputName: 'train',
          source: '/opt/ml/processing/train',
          destination: join('/', ['s3:/', 'my-ml-bucket', 'MinimalPipeline', executionVariable('PipelineExecutionId'), 'Preprocess', 'output', 'train']),
        },
      ],
      environment: { MODE: 'train' },
    });
    expect(step.toStepJson()).toEqual(withoutAppManaged(sdk));
  });

  it('full.json: a Training step reading a Processing output', () => {
    const sdk = withoutAppManaged((readSdkExample('full.json') as { Steps: unknown[] }).Steps[1]) as { Arguments: Record<string, unknown> };
    // The SDK always adds debugger/profiler settings; sagewire does not emit them.
    delete sdk.Arguments.DebugHookConfig;
    delete sdk.Arguments.ProfilerConfig;
    const step = new TrainingStep({
      name: 'TrainAbaloneModel',
      roleArn: ROLE,
      trainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3',
      outputPath: 's3://my-ml-bucket/AbaloneTrain',
      instanceType: parameterRef('TrainingInstanceType'),
      instanceCount: 1,
      volumeSizeInGb: 30,
      channels: ['train', 'validation'].map((c) => ({
        channelName: c,
        s3Uri: stepProperty('PreprocessAbaloneData', `properties.ProcessingOutputConfig.Outputs['${c}'].S3Output.S3Uri`),
        contentType: 'text/csv',
      })),
      hyperParameters: { objective: 'reg:linear', num_round: '50', max_depth: '5', eta: '0.2' },
      cache: { enabled: true, expireAfter: 'PT12H' },
    });
    expect(step.toStepJson()).toEqual(sdk);
  });
});
