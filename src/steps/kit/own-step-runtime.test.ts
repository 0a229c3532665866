import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { NODE_RUNTIME } from '../../assets/node-runtime.js';
import { nodeEntrypoint, nodeScriptOf, RUNTIME_INPUT_DIR } from '../../spec/node-entrypoint.js';
import { contextFor, FOUR_STEP_DIR, rendered } from '../__fixtures__/context.js';
import { dummyTrainingStep } from '../dummy-training/builder.js';
import { tabularPreprocessingStep } from '../tabular-preprocessing/builder.js';
import { stepProperty } from '../../dsl/expressions.js';

type Input = { InputName: string; S3Input: { S3Uri: string; LocalPath: string } };
const MODEL = { pretrained_model_path: 's3://models/m/model.tar.gz' };
const SKLEARN = (v: string) => `683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:${v}-cpu-py3`;

function build(fields: Record<string, unknown>, hostNode = false) {
  const ctx = { ...contextFor('DummyTraining', { ...MODEL, ...fields }), ...(hostNode ? { hostNode: true } : {}) };
  const step = rendered(dummyTrainingStep.build(ctx).step);
  const app = step.Arguments.AppSpecification as { ImageUri: string; ContainerEntrypoint: string[] };
  return { ctx, step, app, inputs: step.Arguments.ProcessingInputs as Input[] };
}

describe("own steps carry their Node runtime and pick an image it starts on", () => {
  it('stages the pinned runtime folder as input `runtime` and starts the bundle through /bin/sh', () => {
    const { ctx, app, inputs } = build({});
    const runtime = inputs.find((i) => i.InputName === 'runtime')!;
    expect(runtime.S3Input).toMatchObject({ S3Uri: `s3://test-bucket/test-pipeline/code/${NODE_RUNTIME.binary.sha256}`, LocalPath: RUNTIME_INPUT_DIR });
    expect(app.ContainerEntrypoint.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(app.ContainerEntrypoint[2]).toContain('chmod 0755');
    expect(nodeScriptOf(app.ContainerEntrypoint)).toEqual({ script: '/opt/ml/processing/input/code/dummy-training.mjs', args: [], carried: true });
    const files = ctx.assets.manifest().assets.filter((a) => a.runtime);
    expect(files.map((a) => a.uri.slice(runtime.S3Input.S3Uri.length))).toEqual(['/LICENSE', '/node']);
    expect(app.ImageUri).toBe(SKLEARN('1.2-1'));
  });

  it('a host-node compile (for `sagewire run`) runs `node` and carries nothing', () => {
    const { app, inputs } = build({}, true);
    expect(app.ContainerEntrypoint).toEqual(nodeEntrypoint('/opt/ml/processing/input/code/dummy-training.mjs', false));
    expect(inputs.map((i) => i.InputName)).not.toContain('runtime');
  });

  it('refuses an own step set explicitly to a glibc 2.27 image, naming the field and why', () => {
    for (const v of ['0.23-1', '1.0-1']) {
      let err: unknown;
      try {
        build({ processing_framework_version: v });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      const issue = (err as ConfigError).issues[0]!;
      expect(issue.path).toBe('DummyTraining.processing_framework_version');
      expect(issue.message).toMatch(/glibc >= 2\.28.*2\.27/);
    }
  });

  it('keeps an explicit newer version, and processing_image_uri wins over everything', () => {
    expect(build({ processing_framework_version: '1.4-2' }).app.ImageUri).toBe(SKLEARN('1.4-2'));
    expect(build({ processing_framework_version: '1.0-1', processing_image_uri: 'my.ecr/img:1' }).app.ImageUri).toBe('my.ecr/img:1');
  });

  it('a Python entry point on an own step needs no runtime; user-script steps keep the seed default 1.0-1', () => {
    const py = build({ processing_source_dir: join(FOUR_STEP_DIR, 'inference'), processing_entry_point: 'inference.py' });
    expect(py.app.ContainerEntrypoint[0]).toBe('python3');
    expect(py.inputs.map((i) => i.InputName)).not.toContain('runtime');
    const tab = contextFor('TabularPreprocessing', { processing_source_dir: join(FOUR_STEP_DIR, 'inference'), processing_entry_point: 'inference.py', job_type: 'validation' }, {
      input_data: stepProperty('DataLoad', "ProcessingOutputConfig.Outputs['data_output'].S3Output.S3Uri"),
    });
    const app = rendered(tabularPreprocessingStep.build(tab).step).Arguments.AppSpecification as { ImageUri: string };
    expect(app.ImageUri).toBe(SKLEARN('1.0-1'));
  });
});
