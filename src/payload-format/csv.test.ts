import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, parseCsvRecord } from './csv.js';

describe('CSV record', () => {
  it('quotes a field only when it holds a comma, quote or line break', () => {
    expect(csvRecord(['0.0', 'DEFAULT_TEXT', 'a b', ''])).toBe('0.0,DEFAULT_TEXT,a b,');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('round-trips through the parser for any values', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é') }), { minLength: 1, maxLength: 6 }), (values) => {
        expect(parseCsvRecord(csvRecord(values))).toEqual(values);
      }),
    );
  });

  it('reads only the first record and reports an unclosed quote', () => {
    expect(parseCsvRecord('1,2\n3,4')).toEqual(['1', '2']);
    expect(parseCsvRecord('"1,2')).toBeUndefined();
  });
});
