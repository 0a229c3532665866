import { describe, expect, test } from 'vitest';
import { thrown } from '../../test/helpers/thrown.js';
import { ConfigError } from '../errors.js';
import { validateConfig } from './index.js';
import { PackageStepConfig } from '../steps/index.js';
import { BASE } from './base-config.test.js';

const issuesOf = (fn: () => unknown) => thrown(fn, ConfigError);

describe('validateConfig', () => {
  test('three wrong fields give three issues, each with its path, rule and value', () => {
    const err = issuesOf(() =>
      validateConfig(
        PackageStepConfig,
        { ...BASE, processing_instance_count: 'x', use_large_processing_instance: 'yes', processing_instance_type_small: 'm5.large' },
        'configuration.specific.Package',
      ),
    );
    expect(err.code).toBe('CONFIG');
    expect(err.issues).toEqual([
      { path: 'configuration.specific.Package.processing_instance_type_small', message: 'expected a SageMaker instance type such as "ml.m5.xlarge", got "m5.large"' },
      { path: 'configuration.specific.Package.use_large_processing_instance', message: 'expected true or false, got "yes"' },
      { path: 'configuration.specific.Package.processing_instance_count', message: 'expected an integer from 1 to 100, got "x"' },
    ]);
    expect(err.describe().split('\n')).toHaveLength(4);
  });

  test('a misspelt field is reported with the closest known name', () => {
    const err = issuesOf(() => validateConfig(PackageStepConfig, { ...BASE, procesing_volume_size: 10 }, 'Package'));
    expect(err.issues).toEqual([
      { path: 'Package.procesing_volume_size', message: 'unknown field (did you mean "processing_volume_size"?), got 10' },
    ]);
  });

  test('missing required fields are all listed', () => {
    const err = issuesOf(() => validateConfig(PackageStepConfig, {}, 'Package'));
    expect(err.issues.map((i) => i.path).sort()).toEqual(
      ['author', 'bucket', 'pipeline_version', 'region', 'role', 'service_name'].map((f) => `Package.${f}`),
    );
    expect(err.issues.every((i) => i.message.startsWith('required: '))).toBe(true);
  });

  test('nested problems carry the nested path', () => {
    const err = issuesOf(() => validateConfig(PackageStepConfig, { ...BASE, processing_script_arguments: ['--a', 3] }, 'Package'));
    expect(err.issues).toEqual([{ path: 'Package.processing_script_arguments[1]', message: 'expected a string, got 3' }]);
  });
});
