import { describe, expect, it } from 'vitest';
import { contentTypeFormat, CONTENT_TYPES, sampleFileName } from './content-types.js';
import { formatNumeric, sampleFields } from './sample-values.js';
import type { Variable } from './variables.js';

const variables: Variable[] = [
  { name: 'amount', type: 'NUMERIC' },
  { name: 'note', type: 'TEXT' },
  { name: 'city', type: 'TEXT' },
];
const defaults = { numeric: 0, text: 'DEFAULT_TEXT', fields: { city: 'Paris, "FR"' } };

describe('samples', () => {
  it('writes CSV without header, quoting only when needed', () => {
    const fields = sampleFields(variables, defaults, 'cfg');
    expect(CONTENT_TYPES['text/csv']!.render(fields)).toBe('0.0,DEFAULT_TEXT,"Paris, ""FR"""');
  });

  it('writes JSON as one object, numbers as numbers', () => {
    const text = CONTENT_TYPES['application/json']!.render(sampleFields(variables, { ...defaults, numeric: 2.5 }, 'cfg'));
    expect(text).toBe('{"amount": 2.5, "note": "DEFAULT_TEXT", "city": "Paris, \\"FR\\""}');
    expect(JSON.parse(text)).toEqual({ amount: 2.5, note: 'DEFAULT_TEXT', city: 'Paris, "FR"' });
  });

  it('expands {timestamp} in TEXT per-field values', () => {
    const fields = sampleFields(variables, { ...defaults, fields: { note: 'at {timestamp}' }, now: new Date(2026, 0, 2, 3, 4, 5) }, 'cfg');
    expect(fields[1]!.value).toBe('at 2026-01-02 03:04:05');
  });

  it('formats numbers as Python floats', () => {
    expect(formatNumeric(0)).toBe('0.0');
    expect(formatNumeric(-3)).toBe('-3.0');
    expect(formatNumeric(0.25)).toBe('0.25');
  });

  it('rejects per-field defaults for unknown fields or non-numeric NUMERIC ones', () => {
    expect(() => sampleFields(variables, { ...defaults, fields: { amout: 1, amount: 'abc' } }, 'cfg')).toThrow(
      expect.objectContaining({
        issues: [
          { path: 'cfg.field_defaults.amout', message: 'no input field is named "amout"' },
          { path: 'cfg.field_defaults.amount', message: 'NUMERIC field needs a number, got "abc"' },
        ],
      }),
    );
    expect(sampleFields(variables, { ...defaults, fields: { amount: '7' } }, 'cfg')[0]!.value).toBe(7);
  });

  it('names files by content type and index, and rejects unsupported types', () => {
    expect(sampleFileName('text/csv', 0, contentTypeFormat('text/csv', 'cfg'))).toBe('payload_text_csv_0.csv');
    expect(sampleFileName('application/json', 1, contentTypeFormat('application/json', 'cfg'))).toBe('payload_application_json_1.json');
    expect(() => contentTypeFormat('application/x-npy', 'cfg')).toThrow(
      'cfg: unsupported content type "application/x-npy"; supported: text/csv, application/json',
    );
    expect(() => contentTypeFormat('toString', 'cfg')).toThrow('unsupported content type');
  });
});

describe('custom payload checks', () => {
  it('lists missing JSON fields and non-numeric NUMERIC values', () => {
    expect(CONTENT_TYPES['application/json']!.check('{"amount": "x"}', variables)).toEqual([
      { path: '', message: 'missing field(s): note, city' },
      { path: 'amount', message: 'NUMERIC field has "x"' },
    ]);
    expect(CONTENT_TYPES['application/json']!.check('{"amount": "1.5", "note": "", "city": "a"}', variables)).toEqual([]);
    expect(CONTENT_TYPES['application/json']!.check('[1]', variables)[0]!.message).toBe('must be a JSON object of field -> value');
  });

  it('lists the CSV fields without a value', () => {
    expect(CONTENT_TYPES['text/csv']!.check('1.0', variables)).toEqual([{ path: '', message: 'has 1 value(s) for 3 fields; missing: note, city' }]);
    expect(CONTENT_TYPES['text/csv']!.check('1,a,b,c', variables)[0]!.message).toBe('has 4 values for 3 fields (1 too many)');
    expect(CONTENT_TYPES['text/csv']!.check('x,"a,b",c\n', variables)).toEqual([{ path: 'amount', message: 'NUMERIC field has "x"' }]);
  });
});
