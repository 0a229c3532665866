import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../errors.js';
import { parseJsonText, requireJsonObject } from './json-file.js';
import { lineAndColumn } from '../../fs/json-syntax.js';

describe('parseJsonText', () => {
  it('names the source, line and column of a syntax error', () => {
    const text = '{\n  "lr": 0.1,\n  "epochs": ,\n}';
    expect(() => parseJsonText(text, 'hp.json')).toThrow(
      'hp.json: not valid JSON at line 3, column 13 (offset 27): expected a value, found ","',
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
