import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { parseTokenFile } from './tokens.js';

describe('parseTokenFile', () => {
  it('reads roles and tokens, skipping comments and blank lines', () => {
    expect(parseTokenFile('# team tokens\nwriter aaaaaaaaaaaaaaaa\n\nreader bbbbbbbbbbbbbbbb\n')).toEqual([
      { role: 'writer', token: 'aaaaaaaaaaaaaaaa' },
      { role: 'reader', token: 'bbbbbbbbbbbbbbbb' },
    ]);
  });

  it('lists every bad line with its number', () => {
    try {
      parseTokenFile('admin aaaaaaaaaaaaaaaa\nwriter short\nreader', 'tokens.txt');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues.map((i) => i.path)).toEqual(['tokens.txt:1', 'tokens.txt:2', 'tokens.txt:3']);
    }
    expect(() => parseTokenFile('# nothing\n')).toThrow(/no tokens/);
  });
});
