import { describe, expect, it } from 'vitest';
import { ConfigError, InternalError, SagewireError } from '../errors.js';
import { jsonErrorOf } from './json-error.js';

describe('InternalError', () => {
  it('is a bug, not a user error: --json answers INTERNAL and says so', () => {
    const err = new InternalError('Package: model_input was not wired by the resolver');
    expect(err).not.toBeInstanceOf(SagewireError);
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toBe('Package: model_input was not wired by the resolver (this is a bug in sagewire)');
    expect(jsonErrorOf(err)).toEqual({
      code: 'INTERNAL',
      message: 'unexpected error (a bug; please report it): Package: model_input was not wired by the resolver (this is a bug in sagewire)',
      issues: [],
    });
  });

  it('a SagewireError keeps its own code', () => {
    expect(jsonErrorOf(new ConfigError('bad', [{ path: 'a', message: 'b' }])).code).toBe('CONFIG');
  });
});
