import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, validateAgainstSchemas } from '../dsl/__fixtures__/schemas.js';
import { expectGolden } from './__fixtures__/golden.js';
import { compile } from './compile.js';
import { checkNoCredentials } from './credential-check.js';
import { NODE_RUNTIME } from '../assets/node-runtime.js';

function build(example: string) {
  const dir = join(REPO_ROOT, 'examples', example);
  return compile({ dag: join(dir, 'dag.json'), configFile: join(dir, 'config.json') });
}

function steps(def: Record<string, unknown>): Array<{ Name: string; Type: string; Arguments: Record<string, unknown> }> {
  return def.Steps as Array<{ Name: string; Type: string; Arguments: Record<string, unknown> }>;
}

describe('example (b): PyTorch model -> packaging -> payload -> registration', () => {
  const r = build('pytorch-model');

  it('is valid against both schemas and matches its golden file', () => {
    expect(validateAgainstSchemas(r.definition)).toEqual({ sdk: [], official: [] });
    expectGolden('pytorch-model.golden.json', r.definitionJson);
  });

  it('feeds packaging from the model step’s PrimaryContainer.ModelDataUrl', () => {
    const pkg = steps(r.definition).find((s) => s.Name === 'Package')!;
    const inputs = pkg.Arguments.ProcessingInputs as Array<{ InputName: string; S3Input: { S3Uri: unknown } }>;
    expect(inputs.find((i) => i.InputName === 'model_input')!.S3Input.S3Uri).toEqual({ Get: 'Steps.PytorchModel.PrimaryContainer.ModelDataUrl' });
    const model = steps(r.definition).find((s) => s.Name === 'PytorchModel')!;
    expect(model.Type).toBe('Model');
    expect((model.Arguments.PrimaryContainer as { Image: string }).Image).toBe('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-cpu-py310');
  });
});

describe('example (c): data load -> preprocess -> XGBoost train -> package -> register (+ payload)', () => {
  const r = build('xgboost-train');

  it('is valid against both schemas and matches its golden file', () => {
    expect(validateAgainstSchemas(r.definition)).toEqual({ sdk: [], official: [] });
    expectGolden('xgboost-train.golden.json', r.definitionJson);
  });

  it('trains on the preprocessed data with the user script staged as a channel', () => {
    const train = steps(r.definition).find((s) => s.Name === 'Train')!;
    expect(train.Type).toBe('Training');
    const channels = train.Arguments.InputDataConfig as Array<{ ChannelName: string; DataSource: { S3DataSource: { S3Uri: unknown } } }>;
    expect(channels.map((c) => c.ChannelName)).toEqual(['train', 'config', 'code']);
    expect(channels[0]!.DataSource.S3DataSource.S3Uri).toEqual({ Get: "Steps.Preprocess.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri" });
    expect(train.Arguments.HyperParameters).toMatchObject({ sagemaker_program: '"train.py"', sagemaker_submit_directory: '"/opt/ml/input/data/code"', eta: '0.1' });
    expect((train.Arguments.AlgorithmSpecification as { TrainingImage: string }).TrainingImage).toBe(
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    );
  });

  it('reads the trained model in full at Package: a user training job could forge the append index', () => {
    const pkg = steps(r.definition).find((s) => s.Name === 'Package')!;
    expect(pkg.Arguments.Environment).not.toHaveProperty('SAGEWIRE_TRUST_APPEND_INDEX');
  });

  it('orders every step by data edges only (no DependsOn needed)', () => {
    expect(r.edges.filter((e) => e.via === 'explicit')).toEqual([]);
    expect(r.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(
      ['DataLoad->Preprocess', 'Package->Register', 'Payload->Register', 'Preprocess->Train', 'Train->Package', 'Train->Payload'].sort(),
    );
  });
});

describe('every example compiled for AWS (no --local): no own step expects node in its image', () => {
  for (const example of ['four-step', 'pytorch-model', 'xgboost-train']) {
    it(example, () => {
      const def = build(example).definition;
      expect(validateAgainstSchemas(def)).toEqual({ sdk: [], official: [] });
      expect(() => checkNoCredentials(def)).not.toThrow();
      type Input = { InputName: string; S3Input: { S3Uri: string } };
      const own = steps(def).filter((s) => {
        const ep = (s.Arguments.AppSpecification as { ContainerEntrypoint?: string[] } | undefined)?.ContainerEntrypoint ?? [];
        expect(ep[0], `${example} ${s.Name}`).not.toBe('node');
        return ep.some((a) => /\/opt\/ml\/processing\/input\/code\/[\w-]+\.mjs$/.test(a));
      });
      expect(own.length).toBeGreaterThanOrEqual(3);
      for (const s of own) {
        const ep = (s.Arguments.AppSpecification as { ContainerEntrypoint: string[] }).ContainerEntrypoint;
        expect(ep.slice(0, 2), s.Name).toEqual(['/bin/sh', '-c']);
        expect(ep[2]).toContain('/opt/ml/processing/input/runtime/node');
        const runtime = (s.Arguments.ProcessingInputs as Input[]).find((i) => i.InputName === 'runtime');
        expect(runtime?.S3Input.S3Uri, s.Name).toContain(`/code/${NODE_RUNTIME.binary.sha256}`);
      }
    });
  }
});
