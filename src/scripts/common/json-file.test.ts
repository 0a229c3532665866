import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../errors.js';
import { parseJsonText, requireJsonObject } from './json-file.js';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';

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

describe('parseJsonText', () => {
  it('names the source, line and column of a syntax error', () => {
    const text = '{\n  "lr": 0.1,\n  "epochs": ,\n}';
    expect(() => parseJsonText(text, 'hp.json')).toThrow(
      'hp.json: invalid JSON at line 3, column 13 (offset 27): expected a value, found ","',
    );
    expect(lineAndColumn(text, 27)).toEqual({ line: 3, column: 13 });
  });

  it('says when the file ends too early and skips a byte-order mark', () => {
    expect(() => parseJsonText('{"a": [1', 'x.json')).toThrow(/line 1, column 9 .*found end of file/);
    expect(parseJsonText('\uFEFF{"a":1}', 'x.json')).toEqual({ a: 1 });
  });

  it('requireJsonObject rejects arrays and scalars with what it got', () => {
    expect(() => requireJsonObject([1], 'x.json')).toThrow(new ScriptError('x.json: must be a JSON object, got an array'));
    expect(() => requireJsonObject(null, 'x.json')).toThrow('got null');
    expect(requireJsonObject({ a: 1 }, 'x.json')).toEqual({ a: 1 });
  });
});
