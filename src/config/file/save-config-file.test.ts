import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../errors.js';
import { loadConfigFile, readConfigFile, saveConfigFile, serializeConfigFile } from '../../steps/config-file.js';
import type { ConfigToSave } from './save-config-file.js';

const CURSUS = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'cursus-config.json');

const BASE = {
  author: 'ann',
  bucket: 'my-bucket',
  role: 'arn:aws:iam::111122223333:role/pipeline',
  region: 'NA',
  service_name: 'Fraud',
  pipeline_version: '1.0.0',
};

function fourStep(): Record<string, ConfigToSave> {
  return {
    DummyTraining: {
      className: 'DummyTrainingConfig',
      config: { ...BASE, pretrained_model_path: 'model/model.tar.gz', hyperparameters: { z: 1, a: { y: 2, b: [3] } } },
    },
    Package: { className: 'PackageStepConfig', config: { ...BASE, source_dir: 'inference/', calibration_dir: '/opt/calib' } },
    Payload: {
      className: 'PayloadConfig',
      config: { ...BASE, source_model_inference_input_variable_list: { z_last: 'NUMERIC', a_first: 'TEXT' }, expected_tps: 5 },
    },
    Registration: {
      className: 'ModelRegistrationConfig',
      config: {
        ...BASE,
        model_owner: 'team',
        model_domain: 'fraud',
        model_objective: 'risk',
        framework: 'xgboost',
        inference_entry_point: 'inference.py',
        source_dir: 's3://code-bucket/inference/',
      },
    },
  };
}

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'sagewire-save-'));
}

describe('saveConfigFile', () => {
  test('load -> save gives the same bytes', () => {
    const dir = tmp();
    const file = path.join(dir, 'config.json');
    saveConfigFile(file, fourStep());
    const first = readFileSync(file, 'utf8');
    saveConfigFile(file, loadConfigFile(file));
    expect(readFileSync(file, 'utf8')).toBe(first);
    // and once more through a second file in the same folder
    const again = path.join(dir, 'again.json');
    saveConfigFile(again, loadConfigFile(file));
    expect(readFileSync(again, 'utf8')).toBe(first);
  });

  test('writes the documented layout: shared, specific with __model_type__ first, config_types', () => {
    const doc = JSON.parse(serializeConfigFile(fourStep(), '/work/ex')) as {
      configuration: { shared: Record<string, unknown>; specific: Record<string, Record<string, unknown>> };
      metadata: { config_types: Record<string, string> };
    };
    expect(Object.keys(doc)).toEqual(['configuration', 'metadata']);
    expect(doc.metadata.config_types).toEqual({
      DummyTraining: 'DummyTrainingConfig',
      Package: 'PackageStepConfig',
      Payload: 'PayloadConfig',
      Registration: 'ModelRegistrationConfig',
    });
    expect(doc.configuration.shared).toMatchObject({ ...BASE, processing_volume_size: 500, enable_caching: false });
    const keys = Object.keys(doc.configuration.shared);
    expect(keys).toEqual([...keys].sort());
    expect(doc.configuration.shared).not.toHaveProperty('source_dir');
    expect(doc.configuration.shared).not.toHaveProperty('processing_entry_point');
    for (const entry of Object.values(doc.configuration.specific)) expect(Object.keys(entry)[0]).toBe('__model_type__');
    expect(doc.configuration.specific.Package).toMatchObject({ source_dir: 'inference', calibration_dir: '/opt/calib', processing_entry_point: 'package.mjs' });
    expect(doc.configuration.specific.Registration!.source_dir).toBe('s3://code-bucket/inference/');
    // nested values keep their order: variable lists are ordered
    expect(Object.keys(doc.configuration.specific.Payload!.source_model_inference_input_variable_list as object)).toEqual(['z_last', 'a_first']);
    expect(doc.configuration.specific.DummyTraining!.hyperparameters).toEqual({ z: 1, a: { y: 2, b: [3] } });
  });

  test('derived fields are never written', () => {
    const text = serializeConfigFile({ Base: { className: 'BasePipelineConfig', config: { ...BASE, pipeline_name: 'x', aws_region: 'y' } } }, '/w');
    expect(text).not.toContain('pipeline_name');
    expect(text).not.toContain('aws_region');
  });

  test('with one config nothing is shared', () => {
    const doc = JSON.parse(serializeConfigFile({ Base: { className: 'BasePipelineConfig', config: BASE } }, '/w')) as {
      configuration: { shared: object; specific: Record<string, object> };
    };
    expect(doc.configuration.shared).toEqual({});
    expect(doc.configuration.specific.Base).toMatchObject(BASE);
  });

  test('paths outside the file folder are written absolute; project_root is relative to the file', () => {
    const cfg = { ...BASE, project_root: 'proj', source_dir: '../../elsewhere/src' };
    const doc = JSON.parse(serializeConfigFile({ Base: { className: 'BasePipelineConfig', config: cfg } }, '/w/ex')) as {
      configuration: { specific: Record<string, Record<string, unknown>> };
    };
    expect(doc.configuration.specific.Base!.project_root).toBe('proj');
    expect(doc.configuration.specific.Base!.source_dir).toBe('/w/elsewhere/src');
  });

  test('invalid configs: every problem reported, nothing written, an existing file left alone', () => {
    const dir = tmp();
    const file = path.join(dir, 'config.json');
    writeFileSync(file, 'previous');
    const configs = fourStep();
    configs.Package = { className: 'PackageStepConfig', config: { ...BASE, processing_volume_size: -1 } };
    configs.Extra = { className: 'NoSuchConfig', config: {} };
    let err: ConfigError | undefined;
    try {
      saveConfigFile(file, configs);
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.issues.map((i) => i.path)).toEqual(['metadata.config_types.Extra', 'configuration.specific.Package.processing_volume_size']);
    expect(readFileSync(file, 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['config.json']);
    expect(existsSync(path.join(dir, 'other.json'))).toBe(false);
  });

  test('a cursus file converts to the sagewire format and loads back to the same configs', () => {
    const nodes = ['DummyTraining', 'Package', 'Payload', 'PyTorchModel', 'Registration'];
    const loaded = readConfigFile(CURSUS, { nodes }).configs;
    const dir = path.dirname(CURSUS);
    const text = serializeConfigFile(loaded, dir);
    expect(text).toContain('"__model_type__": "PackageStepConfig"');
    expect(text).not.toContain('__type_info__');
    const out = path.join(tmp(), 'converted.json');
    saveConfigFile(out, loaded);
    const reloaded = readConfigFile(out);
    expect(reloaded.format).toBe('sagewire');
    expect(reloaded.configs).toEqual(loaded);
  });
});
