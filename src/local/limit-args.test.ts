import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseLimitArgs } from './limit-args.js';

describe('--limit', () => {
  it('raises each sandbox limit, byte limits with a K/M/G/T suffix', () => {
    expect(parseLimitArgs(['processes=2048', 'mlBytes=64G', 'tmpBytes=512M', 'fileSizeBytes=1T', 'memoryBytes=1048576'])).toEqual({
      processes: 2048,
      mlBytes: 64 * 2 ** 30,
      tmpBytes: 512 * 2 ** 20,
      fileSizeBytes: 2 ** 40,
      memoryBytes: 2 ** 20,
    });
  });

  it('refuses an unknown name, a malformed value, a unit on processes and zero, naming the argument', () => {
    for (const bad of ['nproc=5', 'processes=lots', 'processes=2K', 'mlBytes=0', 'mlBytes']) {
      expect(() => parseLimitArgs([bad])).toThrow(UsageError);
      expect(() => parseLimitArgs([bad])).toThrow(`--limit ${bad}`);
    }
  });
});
