import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../dsl/__fixtures__/schemas.js';
import { pytorchImageUri, sklearnImageUri, xgboostImageUri } from './image-uri.js';
import { DLC_ACCOUNT, PYTORCH, SKLEARN, SKLEARN_XGBOOST_ACCOUNTS, XGBOOST } from './table.js';

interface Scope {
  version_aliases?: Record<string, string>;
  versions: Record<string, { registries?: Record<string, string>; repository: string; py_versions?: string[] }>;
}
function reference(framework: string): Record<string, Scope> {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, 'image-uris', `${framework}.json`), 'utf8')) as Record<string, Scope>;
}

describe('image table against the SDK reference files', () => {
  it('has the SKLearn and XGBoost accounts and repositories of every listed version', () => {
    for (const [fw, table] of [
      ['sklearn', SKLEARN],
      ['xgboost', XGBOOST],
    ] as const) {
      const ref = reference(fw).training!;
      for (const v of table.versions) {
        const entry = ref.versions[v]!;
        expect(entry.repository).toBe(table.repository);
        for (const [region, account] of Object.entries(SKLEARN_XGBOOST_ACCOUNTS)) expect(entry.registries![region]).toBe(account);
      }
    }
  });

  it('has the PyTorch repositories, Python versions and DLC account', () => {
    for (const scope of ['training', 'inference'] as const) {
      const ref = reference('pytorch')[scope]!;
      for (const [v, py] of Object.entries(PYTORCH[scope].pyVersions)) {
        const entry = ref.versions[v]!;
        expect(entry.repository).toBe(PYTORCH[scope].repository);
        expect(entry.py_versions).toContain(py);
        for (const region of Object.keys(SKLEARN_XGBOOST_ACCOUNTS)) expect(entry.registries![region]).toBe(DLC_ACCOUNT);
      }
    }
  });
});

describe('image URIs', () => {
  it('builds the URIs the SDK builds', () => {
    expect(sklearnImageUri({ region: 'us-east-1', version: '1.0-1' })).toBe(
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.0-1-cpu-py3',
    );
    expect(xgboostImageUri({ region: 'us-east-1', version: '1.0-1' })).toBe(
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3',
    );
    expect(xgboostImageUri({ region: 'eu-west-1', version: '1.7-1' })).toBe('141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1');
    expect(pytorchImageUri('training', { region: 'us-west-2', version: '2.1', instanceType: 'ml.g5.12xlarge' })).toBe(
      '763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.1.0-gpu-py310',
    );
    expect(pytorchImageUri('inference', { region: 'us-east-1', version: '2.1.0', instanceType: 'ml.m5.large', pyVersion: 'py310' })).toBe(
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-cpu-py310',
    );
  });

  it('names the field, the value and what is supported when it cannot', () => {
    expect(() => sklearnImageUri({ region: 'us-east-1', version: '9.9', field: 'Package.processing_framework_version' })).toThrow(
      /Package\.processing_framework_version: SKLearn version "9\.9" is not supported; expected one of 0\.20\.0/,
    );
    expect(() => xgboostImageUri({ region: 'mars-1', version: '1.7-1' })).toThrow(/region "mars-1"/);
    expect(() => pytorchImageUri('inference', { region: 'us-east-1', version: '2.1.0', pyVersion: 'py38' })).toThrow(/built for py310/);
  });
});
