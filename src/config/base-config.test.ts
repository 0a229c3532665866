import { describe, expect, test } from 'vitest';
import { ConfigError } from '../errors.js';
import { BasePipelineConfig, ProcessingStepConfigBase, deriveFields, fromBaseConfig, getEffectiveSourceDir, getInstanceType, validateConfig, withDerivedFields } from './index.js';
import { DummyTrainingConfig, PackageStepConfig, PytorchModelCreationConfig } from '../steps/index.js';

export const BASE = {
  author: 'ann',
  bucket: 'my-bucket',
  role: 'arn:aws:iam::111122223333:role/pipeline',
  region: 'EU',
  service_name: 'Fraud',
  pipeline_version: '1.2.0',
} as const;

describe('BasePipelineConfig', () => {
  test('fills the cursus defaults', () => {
    const c = BasePipelineConfig.parse(BASE);
    expect(c).toMatchObject({
      model_class: 'xgboost',
      framework_version: '2.1.0',
      py_version: 'py310',
      enable_caching: false,
      max_runtime_seconds: 172800,
    });
    expect(c.source_dir).toBeUndefined();
  });

  test('derives aws_region, pipeline_name, description and S3 location', () => {
    const c = BasePipelineConfig.parse({ ...BASE, model_class: 'pytorch' });
    expect(deriveFields(c)).toEqual({
      aws_region: 'eu-west-1',
      pipeline_name: 'ann-Fraud-pytorch-EU',
      pipeline_description: 'Fraud pytorch Model EU',
      pipeline_s3_loc: 's3://my-bucket/MODS/ann-Fraud-pytorch-EU_1.2.0',
    });
    expect(deriveFields({ ...c, region: 'NA' }).aws_region).toBe('us-east-1');
    expect(deriveFields({ ...c, region: 'FE' }).aws_region).toBe('us-west-2');
    expect(withDerivedFields(c)).toMatchObject({ ...c, pipeline_name: 'ann-Fraud-pytorch-EU' });
  });

  test('a region outside NA/EU/FE is rejected with the value received', () => {
    const r = BasePipelineConfig.safeParse({ ...BASE, region: 'us-east-1' });
    expect(r.success).toBe(false);
    expect(() => validateConfig(BasePipelineConfig, { ...BASE, region: 'us-east-1' }, 'Base')).toThrow(ConfigError);
  });
});

describe('ProcessingStepConfigBase', () => {
  test('processing defaults follow seed 000 and cursus', () => {
    const c = ProcessingStepConfigBase.parse(BASE);
    expect(c).toMatchObject({
      processing_framework_version: '1.0-1',
      processing_instance_type_small: 'ml.m5.2xlarge',
      processing_instance_type_large: 'ml.m5.4xlarge',
      use_large_processing_instance: false,
      processing_instance_count: 1,
      processing_volume_size: 500,
    });
    expect(c.processing_image_uri).toBeUndefined();
  });

  test('getInstanceType follows the switch unless a size is asked for', () => {
    const small = ProcessingStepConfigBase.parse(BASE);
    const large = ProcessingStepConfigBase.parse({ ...BASE, use_large_processing_instance: true });
    expect(getInstanceType(small)).toBe('ml.m5.2xlarge');
    expect(getInstanceType(large)).toBe('ml.m5.4xlarge');
    expect(getInstanceType(large, 'small')).toBe('ml.m5.2xlarge');
    expect(getInstanceType(small, 'large')).toBe('ml.m5.4xlarge');
  });

  test('effective source dir prefers processing_source_dir', () => {
    expect(getEffectiveSourceDir({ source_dir: 'a', processing_source_dir: 'b' })).toBe('b');
    expect(getEffectiveSourceDir({ source_dir: 'a' })).toBe('a');
    expect(getEffectiveSourceDir({})).toBeUndefined();
  });

  test('entry points must be relative', () => {
    expect(ProcessingStepConfigBase.safeParse({ ...BASE, processing_entry_point: '/abs/x.py' }).success).toBe(false);
    expect(ProcessingStepConfigBase.safeParse({ ...BASE, processing_entry_point: 's3://b/x.py' }).success).toBe(false);
    expect(ProcessingStepConfigBase.safeParse({ ...BASE, processing_entry_point: 'sub/x.py' }).success).toBe(true);
  });
});

describe('fromBaseConfig', () => {
  test('inherits the base fields the target declares, overrides win, derived fields are not copied', () => {
    const base = withDerivedFields(ProcessingStepConfigBase.parse({ ...BASE, processing_volume_size: 50, source_dir: 'src' }));
    const pkg = fromBaseConfig(PackageStepConfig, base, { processing_instance_count: 2, model_type: 'xgboost' });
    expect(pkg).toMatchObject({ author: 'ann', processing_volume_size: 50, processing_instance_count: 2, model_type: 'xgboost', source_dir: 'src' });
    expect(pkg.processing_entry_point).toBe('package.mjs');
    expect('pipeline_name' in pkg).toBe(false);
  });

  test('fields the target does not declare are left behind (processing -> model config)', () => {
    const base = ProcessingStepConfigBase.parse({ ...BASE, processing_volume_size: 50 });
    const model = fromBaseConfig(PytorchModelCreationConfig, base, { model_class: 'pytorch' });
    expect(model.model_class).toBe('pytorch');
    expect('processing_volume_size' in model).toBe(false);
  });

  test('a missing required field of the target is a ConfigError naming it', () => {
    const base = ProcessingStepConfigBase.parse(BASE);
    let err: ConfigError | undefined;
    try {
      fromBaseConfig(DummyTrainingConfig, base, {}, 'DummyTraining');
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.issues).toEqual([{ path: 'DummyTraining.pretrained_model_path', message: 'required: expected a non-empty string' }]);
  });
});
