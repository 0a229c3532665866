import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { choosePipelineName, isValidPipelineName, sanitizePipelineName } from './pipeline-name.js';

describe('pipeline names', () => {
  it('sanitizes derived names to SageMaker rules', () => {
    expect(sanitizePipelineName('my_pipeline.v2')).toBe('my-pipeline-v2');
    expect(sanitizePipelineName('__lead--trail__')).toBe('lead--trail');
    expect(sanitizePipelineName('a'.repeat(300) + '-b')).toHaveLength(256);
    expect(sanitizePipelineName('___')).toBeUndefined();
    for (const raw of ['x y z', '-a-', 'über_modell', 'a'.repeat(255) + '_b']) {
      expect(isValidPipelineName(sanitizePipelineName(raw)!)).toBe(true);
    }
  });

  it('rejects an invalid explicit --name instead of altering it, and suggests a valid one', () => {
    expect(() => choosePipelineName('my pipeline', [])).toThrow(UsageError);
    expect(() => choosePipelineName('my pipeline', [])).toThrow(/--name my-pipeline/);
    expect(choosePipelineName('ok-1', ['ignored'])).toBe('ok-1');
  });

  it('falls back through the candidates: manifest name, then file name', () => {
    expect(choosePipelineName(undefined, ['From_Manifest', 'file'])).toBe('From-Manifest');
    expect(choosePipelineName(undefined, [undefined, 'p.v1'])).toBe('p-v1');
    expect(() => choosePipelineName(undefined, [undefined, '...'])).toThrow(/pass --name/);
  });
});
