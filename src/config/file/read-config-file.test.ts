import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../errors.js';
import { loadConfigFile, parseConfigDocument, readConfigFile } from '../../steps/config-file.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const CURSUS = path.join(FIXTURES, 'cursus-config.json');
const NODES = ['DummyTraining', 'Package', 'Payload', 'PyTorchModel', 'Registration'];

const BASE = {
  author: 'ann',
  bucket: 'my-bucket',
  role: 'arn:aws:iam::111122223333:role/pipeline',
  region: 'NA',
  service_name: 'Fraud',
  pipeline_version: '1.0.0',
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

function doc(shared: object, specific: Record<string, object>, configTypes: Record<string, string>) {
  return { configuration: { shared, specific }, metadata: { config_types: configTypes } };
}

describe('cursus-written files', () => {
  const contents = readConfigFile(CURSUS, { nodes: NODES });
  const { configs } = contents;

  test('are detected as cursus and load every node plus the shared bases', () => {
    expect(contents.format).toBe('cursus');
    expect(Object.keys(configs)).toEqual(['Base', 'Processing', 'DummyTraining', 'Package', 'Payload', 'PyTorchModel', 'Registration']);
    expect(configs.Base!.stepType).toBeNull();
    expect(configs.Processing!.stepType).toBeNull();
    expect(configs.Base!.className).toBe('BasePipelineConfig');
  });

  test('map cursus class names to sagewire classes and step types', () => {
    expect(configs.Package).toMatchObject({ className: 'PackageStepConfig', stepType: 'Package' });
    expect(configs.Registration).toMatchObject({ className: 'ModelRegistrationConfig', stepType: 'Registration' });
    expect(configs.PyTorchModel).toMatchObject({ className: 'PytorchModelCreationConfig', stepType: 'PytorchModel' });
    expect(configs.DummyTraining).toMatchObject({ className: 'DummyTrainingConfig', stepType: 'DummyTraining' });
  });

  test('unwrap __type_info__ values at any depth', () => {
    const dt = configs.DummyTraining!;
    if (dt.stepType !== 'DummyTraining') throw new Error('narrowing');
    expect(dt.config.hyperparameters).toEqual({ lr: 0.001, tab_field_list: ['amount', 'count'] });
    const payload = configs.Payload!;
    if (payload.stepType !== 'Payload') throw new Error('narrowing');
    expect(payload.config.source_model_inference_content_types).toEqual(['text/csv']);
    expect(payload.config.expected_tps).toBe(10);
  });

  test('ignore the derived fields cursus repeats and compute them afresh', () => {
    const dt = configs.DummyTraining!.config;
    expect(dt.pipeline_name).toBe('lukexie-BuyerAbuseRnR-pytorch-NA');
    expect(dt.aws_region).toBe('us-east-1');
    expect(dt.pipeline_s3_loc).toBe('s3://sandbox-bucket-1/MODS/lukexie-BuyerAbuseRnR-pytorch-NA_0.0.2');
    expect('script_path' in dt).toBe(false);
    expect('effective_source_dir' in dt).toBe(false);
  });

  test('rename cursus model-step fields to ours', () => {
    const model = configs.PyTorchModel!;
    if (model.stepType !== 'PytorchModel') throw new Error('narrowing');
    expect(model.config.inference_entry_point).toBe('pytorch_inference_handler.py');
    expect(model.config.inference_instance_type).toBe('ml.m5.xlarge');
  });

  test('resolve relative paths against the file folder', () => {
    const pkg = configs.Package!;
    if (pkg.stepType !== 'Package') throw new Error('narrowing');
    expect(pkg.config.project_root).toBe(FIXTURES);
    expect(pkg.config.source_dir).toBe(path.join(FIXTURES, 'dockers'));
    expect(pkg.config.processing_source_dir).toBe(path.join(FIXTURES, 'dockers/scripts'));
    expect(pkg.config.inference_scripts_dir).toBe(path.join(FIXTURES, 'dockers'));
    const payload = configs.Payload!;
    if (payload.stepType !== 'Payload') throw new Error('narrowing');
    expect(payload.config.custom_payload_path).toBe('s3://sandbox-bucket-1/payload/sample.json');
  });

  test('list the fields sagewire does not use instead of failing on them', () => {
    const paths = contents.ignored.map((i) => i.path);
    expect(paths).toContain('configuration.shared.use_secure_pypi');
    expect(contents.notices).toEqual([
      { path: 'configuration.shared.project_root_folder', message: expect.stringMatching(/^no folder "rnr_pytorch" found .*: relative paths resolve against the config file's folder/) },
    ]);
    expect(paths).not.toContain('configuration.specific.Registration.variable_schema');
  });

  test('an entry of an unknown class is an error only when it is a DAG node (or no node list is given)', () => {
    const err = configError(() => loadConfigFile(CURSUS));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]!.path).toBe('metadata.config_types.ModelCalibration_calibration');
    expect(err.issues[0]!.message).toContain('unknown config class, got "ModelCalibrationConfig"');
  });
});

describe('sagewire files', () => {
  test('three wrong fields give three issues with their JSON paths', () => {
    const err = configError(() =>
      parseConfigDocument(
        doc(
          { ...BASE, region: 'XX' },
          {
            Package: { __model_type__: 'PackageStepConfig', processing_instance_count: 'x' },
            Payload: { __model_type__: 'PayloadConfig', expected_tps: 0 },
          },
          { Package: 'PackageStepConfig', Payload: 'PayloadConfig' },
        ),
        '/tmp',
        {},
        'config.json',
      ),
    );
    expect(err.message).toBe('config.json: 3 problems');
    expect(err.issues).toEqual([
      { path: 'configuration.shared.region', message: 'expected one of "NA", "EU", "FE", got "XX" (for Package, Payload)' },
      { path: 'configuration.specific.Package.processing_instance_count', message: 'expected an integer from 1 to 100, got "x"' },
      { path: 'configuration.specific.Payload.expected_tps', message: 'expected a positive integer, got 0' },
    ]);
  });

  test('gather returns the ConfigError it would throw, beside the problems', () => {
    const bad = doc({ ...BASE, region: 'XX' }, { Package: { __model_type__: 'PackageStepConfig' } }, { Package: 'PackageStepConfig' });
    const thrown = configError(() => parseConfigDocument(bad, '/tmp', {}, 'config.json'));
    const gathered = parseConfigDocument(bad, '/tmp', { gather: true }, 'config.json');
    expect(gathered.error).toBeInstanceOf(ConfigError);
    expect(gathered.error!.message).toBe(thrown.message);
    expect(gathered.error!.issues).toEqual(gathered.problems);
    expect(parseConfigDocument(doc(BASE, { Package: { __model_type__: 'PackageStepConfig' } }, { Package: 'PackageStepConfig' }), '/tmp', { gather: true }).error).toBeUndefined();
  });

  test('an unknown field is an error with a suggestion', () => {
    const err = configError(() =>
      parseConfigDocument(doc(BASE, { Package: { procesing_instance_count: 2 } }, { Package: 'PackageStepConfig' }), '/tmp'),
    );
    expect(err.issues).toEqual([
      { path: 'configuration.specific.Package.procesing_instance_count', message: 'unknown field (did you mean "processing_instance_count"?), got 2' },
    ]);
  });

  test('a derived field is accepted when it agrees and reported when it does not', () => {
    const ok = parseConfigDocument(doc(BASE, { Base: { pipeline_name: 'ann-Fraud-xgboost-NA' } }, { Base: 'BasePipelineConfig' }), '/tmp');
    expect(ok.configs.Base!.config.pipeline_name).toBe('ann-Fraud-xgboost-NA');
    const err = configError(() => parseConfigDocument(doc(BASE, { Base: { pipeline_name: 'mine' } }, { Base: 'BasePipelineConfig' }), '/tmp'));
    expect(err.issues[0]!.path).toBe('configuration.specific.Base.pipeline_name');
    expect(err.issues[0]!.message).toContain('"ann-Fraud-xgboost-NA"');
  });

  test('metadata.config_types wins over __model_type__; without it __model_type__ is used', () => {
    const d = doc(BASE, { Step: { __model_type__: 'PackageStepConfig' } }, { Step: 'PayloadConfig' });
    expect(parseConfigDocument(d, '/tmp').configs.Step!.stepType).toBe('Payload');
    const noMeta = { configuration: { shared: BASE, specific: { Step: { __model_type__: 'PackageStepConfig' } } } };
    expect(parseConfigDocument(noMeta, '/tmp').configs.Step!.stepType).toBe('Package');
  });

  test('an entry missing from config_types, a bad shape or a missing class are named', () => {
    expect(configError(() => parseConfigDocument(doc(BASE, { A: {} }, {}), '/tmp')).issues[0]!.path).toBe('configuration.specific.A');
    expect(configError(() => parseConfigDocument({ configuration: 3 }, '/tmp')).issues[0]!.path).toBe('configuration');
    expect(configError(() => parseConfigDocument({ configuration: { specific: { A: {} } } }, '/tmp')).issues[0]!.path).toBe(
      'configuration.specific.A.__model_type__',
    );
  });

  test('relative paths resolve against project_root, itself relative to the file', () => {
    const d = doc(
      { ...BASE, project_root: 'proj' },
      { DummyTraining: { pretrained_model_path: 'model/model.tar.gz', source_dir: '/abs/src', processing_source_dir: 's3://b-1/code/' } },
      { DummyTraining: 'DummyTrainingConfig' },
    );
    const c = parseConfigDocument(d, '/work/ex').configs.DummyTraining!;
    if (c.stepType !== 'DummyTraining') throw new Error('narrowing');
    expect(c.config.project_root).toBe('/work/ex/proj');
    expect(c.config.pretrained_model_path).toBe('/work/ex/proj/model/model.tar.gz');
    expect(c.config.source_dir).toBe('/abs/src');
    expect(c.config.processing_source_dir).toBe('s3://b-1/code/');
  });

  test('a missing file or bad JSON is a ConfigError naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sagewire-cfg-'));
    expect(configError(() => loadConfigFile(path.join(dir, 'nope.json'))).message).toContain('nope.json: cannot read config file (ENOENT)');
    writeFileSync(path.join(dir, 'bad.json'), '{');
    expect(configError(() => loadConfigFile(path.join(dir, 'bad.json'))).message).toContain('bad.json: not valid JSON');
  });
});

describe('examples/four-step/config.cursus.json', () => {
  const example = path.resolve(FIXTURES, '../../../../examples/four-step');

  test('loads as a cursus file with the four nodes and both bases', () => {
    const contents = readConfigFile(path.join(example, 'config.cursus.json'), { nodes: ['DummyTraining', 'Package', 'Payload', 'Registration'] });
    expect(contents.format).toBe('cursus');
    expect(contents.ignored).toEqual([]);
    const steps = Object.fromEntries(Object.entries(contents.configs).map(([k, v]) => [k, v.stepType]));
    expect(steps).toEqual({ Base: null, DummyTraining: 'DummyTraining', Package: 'Package', Payload: 'Payload', Processing: null, Registration: 'Registration' });
    const dt = contents.configs.DummyTraining!;
    if (dt.stepType !== 'DummyTraining') throw new Error('narrowing');
    expect(dt.config.pretrained_model_path).toBe(path.join(example, 'model/model.tar.gz'));
    expect(dt.config.source_dir).toBe(path.join(example, 'inference'));
    expect(dt.config.hyperparameters).toMatchObject({ tab_field_list: ['order_amount', 'account_age_days'] });
    expect(dt.config.pipeline_name).toBe('sagewire-FourStep-xgboost-NA');
  });
});

describe('missing required fields', () => {
  test('missing in several steps is one problem at the shared path; in one step, at its own path', () => {
    const { author: _author, ...noAuthor } = BASE;
    const err = configError(() =>
      parseConfigDocument(
        doc(noAuthor, { DummyTraining: {}, Package: {}, Payload: {} }, { DummyTraining: 'DummyTrainingConfig', Package: 'PackageStepConfig', Payload: 'PayloadConfig' }),
        '/tmp',
      ),
    );
    expect(err.issues).toEqual([
      { path: 'configuration.shared.author', message: 'required: expected a non-empty string (for DummyTraining, Package, Payload)' },
      { path: 'configuration.specific.DummyTraining.pretrained_model_path', message: 'required: expected a non-empty string' },
    ]);
  });
});
