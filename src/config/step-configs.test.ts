import { describe, expect, test } from 'vitest';
import { ConfigError } from '../errors.js';
import { validateConfig, variablePairs, withDerivedFields, type ConfigSchema } from './index.js';
import { DataLoadConfig, DummyTrainingConfig, ModelRegistrationConfig, PackageStepConfig, PayloadConfig, PytorchModelCreationConfig, PytorchTrainingConfig, TabularPreprocessingConfig, XGBoostTrainingConfig, getSamplePayloadS3Key } from '../steps/index.js';
import { BASE } from './base-config.test.js';

function issues(schema: ConfigSchema, input: object): Array<{ path: string; message: string }> {
  try {
    validateConfig(schema, input, 'X');
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  return [];
}

describe('step config defaults', () => {
  test('sagewire steps default to their bundled script', () => {
    expect(PackageStepConfig.parse(BASE).processing_entry_point).toBe('package.mjs');
    expect(PayloadConfig.parse(BASE).processing_entry_point).toBe('payload.mjs');
    expect(DummyTrainingConfig.parse({ ...BASE, pretrained_model_path: 'model/model.tar.gz' }).processing_entry_point).toBe('dummy-training.mjs');
    const reg = ModelRegistrationConfig.parse({ ...BASE, model_owner: 'team', model_domain: 'd', model_objective: 'o', framework: 'PyTorch', inference_entry_point: 'inference.py' });
    expect(reg.processing_entry_point).toBe('register.mjs');
  });

  test('payload defaults follow seed 003', () => {
    const p = PayloadConfig.parse(BASE);
    expect(p).toMatchObject({
      source_model_inference_content_types: ['text/csv'],
      source_model_inference_response_types: ['application/json'],
      expected_tps: 2,
      max_latency_in_millisecond: 800,
      max_acceptable_error_rate: 0.2,
      default_numeric_value: 0,
      default_text_value: 'DEFAULT_TEXT',
    });
  });

  test('registration defaults and framework normalisation', () => {
    const reg = ModelRegistrationConfig.parse({ ...BASE, model_owner: 'team', model_domain: 'd', model_objective: 'o', framework: 'PyTorch', inference_entry_point: 'inference.py' });
    expect(reg).toMatchObject({
      framework: 'pytorch',
      inference_instance_type: 'ml.m5.large',
      source_model_inference_input_variable_list: {},
      source_model_inference_output_variable_list: { 'legacy-score': 'NUMERIC' },
    });
    expect(issues(ModelRegistrationConfig, { ...BASE, model_owner: 'team', model_domain: 'd', model_objective: 'o', framework: 'jax', inference_entry_point: 'i.py' })).toEqual([
      { path: 'X.framework', message: 'expected one of "xgboost", "sklearn", "pytorch", got "jax"' },
    ]);
  });

  test('training and model configs carry their framework defaults', () => {
    expect(PytorchTrainingConfig.parse({ ...BASE, training_entry_point: 'train.py' })).toMatchObject({
      training_instance_type: 'ml.g5.12xlarge',
      framework_version: '2.1.0',
      py_version: 'py310',
      training_instance_count: 1,
      training_volume_size: 30,
      hyperparameters: {},
    });
    expect(XGBoostTrainingConfig.parse({ ...BASE, training_entry_point: 'train.py' })).toMatchObject({
      training_instance_type: 'ml.m5.4xlarge',
      framework_version: '1.7-1',
      py_version: 'py3',
    });
    expect(PytorchModelCreationConfig.parse(BASE)).toMatchObject({ inference_entry_point: 'inference.py', inference_instance_type: 'ml.m5.large' });
  });
});

describe('variable lists', () => {
  test('both forms are accepted, types are upper-cased, order is kept', () => {
    const dict = PayloadConfig.parse({ ...BASE, source_model_inference_input_variable_list: { b: 'numeric', a: 'TEXT' } });
    expect(variablePairs(dict.source_model_inference_input_variable_list!)).toEqual([
      ['b', 'NUMERIC'],
      ['a', 'TEXT'],
    ]);
    const pairs = PayloadConfig.parse({ ...BASE, source_model_inference_input_variable_list: [['x', 'text'], ['y', 'NUMERIC']] });
    expect(pairs.source_model_inference_input_variable_list).toEqual([
      ['x', 'TEXT'],
      ['y', 'NUMERIC'],
    ]);
  });

  test('a bad type is rejected', () => {
    expect(issues(PayloadConfig, { ...BASE, source_model_inference_input_variable_list: { a: 'DATE' } })[0]!.path).toBe(
      'X.source_model_inference_input_variable_list',
    );
  });

  test('special field values must name TEXT input variables', () => {
    const found = issues(PayloadConfig, {
      ...BASE,
      source_model_inference_input_variable_list: [['amount', 'NUMERIC'], ['note', 'TEXT']],
      special_field_values: { amount: 'x', note: 'hello {timestamp}', ghost: 'y' },
    });
    expect(found).toEqual([
      { path: 'X.special_field_values.amount', message: 'must name a TEXT input variable; this one is NUMERIC, got "x"' },
      { path: 'X.special_field_values.ghost', message: 'must name an input variable of source_model_inference_input_variable_list, got "y"' },
    ]);
  });

  test('content types are limited to text/csv and application/json', () => {
    expect(issues(PayloadConfig, { ...BASE, source_model_inference_content_types: ['text/xml'] })[0]!.path).toBe('X.source_model_inference_content_types[0]');
    expect(issues(PayloadConfig, { ...BASE, source_model_inference_content_types: [] })[0]!.path).toBe('X.source_model_inference_content_types');
  });
});

describe('step-specific rules', () => {
  test('sample payload key defaults to the seed 003 layout', () => {
    const p = withDerivedFields(PayloadConfig.parse({ ...BASE, model_registration_objective: 'risk' }));
    expect(getSamplePayloadS3Key(p)).toBe('mods/payload/payload_ann-Fraud-xgboost-EU_1.2.0_risk.tar.gz');
    expect(getSamplePayloadS3Key({ ...p, sample_payload_s3_key: 'k/p.tar.gz' })).toBe('k/p.tar.gz');
  });

  test('dummy training needs a pretrained model path; hyperparameters default to {}', () => {
    expect(issues(DummyTrainingConfig, BASE)).toEqual([{ path: 'X.pretrained_model_path', message: 'required: expected a non-empty string' }]);
    const d = DummyTrainingConfig.parse({ ...BASE, pretrained_model_path: 's3://b-1/m/model.tar.gz', hyperparameters: { lr: 0.1 } });
    expect(d.hyperparameters).toEqual({ lr: 0.1 });
  });

  test('tabular preprocessing needs a script folder and, for training, a label', () => {
    // label_name is optional for training, as in cursus 2.9.32
    expect(issues(TabularPreprocessingConfig, { ...BASE, job_type: 'training' }).map((i) => i.path)).toEqual(['X.processing_source_dir']);
    expect(issues(TabularPreprocessingConfig, { ...BASE, job_type: 'calibration', source_dir: 'scripts' })).toEqual([]);
    expect(issues(TabularPreprocessingConfig, { ...BASE, job_type: 'testing', source_dir: 's', train_ratio: 1 })[0]!.message).toBe(
      'expected a number strictly between 0 and 1, got 1',
    );
  });

  test('data load takes one or more s3:// URIs', () => {
    expect(DataLoadConfig.parse({ ...BASE, job_type: 'training', data_source_uris: ['s3://data-bucket/train/'] }).output_format).toBe('CSV');
    expect(issues(DataLoadConfig, { ...BASE, job_type: 'training', data_source_uris: [] })[0]!.path).toBe('X.data_source_uris');
    expect(issues(DataLoadConfig, { ...BASE, job_type: 'training', data_source_uris: ['/local'] })[0]!.path).toBe('X.data_source_uris[0]');
  });

  test('the model inference memory cannot exceed the container memory', () => {
    expect(issues(PytorchModelCreationConfig, { ...BASE, inference_memory_limit: 8000 })).toEqual([
      { path: 'X.inference_memory_limit', message: 'must not exceed container_memory_limit (6144), got 8000' },
    ]);
  });
});
