import { describe, expect, it } from 'vitest';
import { PACKAGE_CONTRACT } from '../../steps/package/contract.js';
import { resolveContractPaths } from './contract-paths.js';

const env = (paths: unknown) => ({ SAGEWIRE_PATHS: typeof paths === 'string' ? paths : JSON.stringify(paths) });

describe('resolveContractPaths', () => {
  it('uses the contract paths when nothing overrides them', () => {
    const paths = resolveContractPaths(PACKAGE_CONTRACT, { env: {} });
    expect(paths.inputs.model_input).toBe('/opt/ml/processing/input/model');
    expect(paths.outputs.packaged_model_output).toBe('/opt/ml/processing/output');
    expect(paths.overridden).toEqual([]);
  });

  it('takes overrides from SAGEWIRE_PATHS and arguments, arguments winning, relative to cwd', () => {
    const paths = resolveContractPaths(PACKAGE_CONTRACT, {
      env: env({ model_input: '/m', packaged_model_output: 'out' }),
      argv: ['--model-input', '/m2', '--inference_scripts_input=scripts'],
      cwd: '/work',
    });
    expect(paths.inputs).toMatchObject({ model_input: '/m2', inference_scripts_input: '/work/scripts' });
    expect(paths.inputs.calibration_input).toBe('/opt/ml/processing/input/calibration');
    expect(paths.outputs.packaged_model_output).toBe('/work/out');
    expect(paths.overridden.sort()).toEqual(['inference_scripts_input', 'model_input', 'packaged_model_output']);
  });

  it('rejects unknown names, listing the known ones', () => {
    expect(() => resolveContractPaths(PACKAGE_CONTRACT, { env: env({ model: '/m' }) })).toThrow(
      'SAGEWIRE_PATHS: unknown path name "model"; this script knows model_input, inference_scripts_input, calibration_input, packaged_model_output',
    );
    expect(() => resolveContractPaths(PACKAGE_CONTRACT, { env: {}, argv: ['--out', 'x'] })).toThrow('argument --out: unknown path name');
  });

  it('rejects malformed overrides', () => {
    expect(() => resolveContractPaths(PACKAGE_CONTRACT, { env: env('{nope') })).toThrow(/^SAGEWIRE_PATHS: must be a JSON object/);
    expect(() => resolveContractPaths(PACKAGE_CONTRACT, { env: env(['a']) })).toThrow('got ["a"]');
    expect(() => resolveContractPaths(PACKAGE_CONTRACT, { env: env({ model_input: 3 }) })).toThrow('SAGEWIRE_PATHS.model_input: must be a non-empty path string, got 3');
    expect(() => resolveContractPaths(PACKAGE_CONTRACT, { env: {}, argv: ['--model_input'] })).toThrow('argument --model_input: a path is required');
    expect(() => resolveContractPaths(PACKAGE_CONTRACT, { env: {}, argv: ['stray'] })).toThrow('argument "stray"');
  });
});
