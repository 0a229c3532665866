import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax.js';

describe('findJsonSyntaxError', () => {
  it('accepts everything JSON.stringify produces', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => findJsonSyntaxError(JSON.stringify(v, null, 1)) === undefined));
  });

  it.each([
    ['{"a":}', 5, 'a value'],
    ['{"a":1', 6, "',' or '}'"],
    ['', 0, 'a value'],
    ['{"a":1} x', 8, 'end of input'],
    ['[1,2,]', 5, 'a value'],
    ["{'a':1}", 1, 'a property name in double quotes'],
    ['{"a":01}', 6, "',' or '}'"],
    ['"\\u12g4"', 5, '4 hex digits'],
    ['{"a": tru}', 9, "'true'"],
  ])('finds the error in %j at offset %i', (text, offset, expected) => {
    expect(findJsonSyntaxError(text)).toEqual({ offset, expected });
  });

  it('agrees with JSON.parse on random texts', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'{}[]":,01-.eE tfnrule\\a\n'.split('')), maxLength: 12 }), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findJsonSyntaxError(text) === undefined).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});
