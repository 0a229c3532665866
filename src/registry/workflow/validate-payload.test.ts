import { describe, expect, it } from 'vitest';
import { InventoryError } from '../../errors.js';
import { validatePayloadSamples } from './validate-payload.js';

const VARS = [
  ['amount', 'NUMERIC'],
  ['country', 'TEXT'],
] as const;
const TYPES = ['text/csv', 'application/json'];
const sample = (name: string, text: string) => ({ name, content: Buffer.from(text) });

function problems(fn: () => void): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InventoryError);
    return (err as InventoryError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe('validatePayloadSamples', () => {
  it('accepts samples that match the variables and content types', () => {
    expect(
      problems(() =>
        validatePayloadSamples(
          [sample('payload_text_csv_0.csv', '12.5,"Côte d\'Ivoire, CI"\n'), sample('payload_application_json_0.json', '{"amount": 1, "country": "FR"}')],
          VARS,
          TYPES,
        ),
      ),
    ).toEqual([]);
  });

  it('lists every mismatch: column count, NUMERIC values, missing JSON fields, undeclared and missing content types', () => {
    const found = problems(() =>
      validatePayloadSamples(
        [
          sample('payload_text_csv_0.csv', '1,FR,extra'),
          sample('payload_text_csv_1.csv', 'abc,FR'),
          sample('payload_application_xml_0.json', '{}'),
        ],
        VARS,
        TYPES,
      ),
    );
    expect(found).toEqual([
      'payload_text_csv_0.csv:1: has 3 value(s), the input variable list has 2 (amount, country)',
      'payload_text_csv_1.csv:1.amount: NUMERIC variable has value "abc"',
      'payload_application_xml_0.json: content type application/xml is not one of the model\'s (text/csv, application/json)',
      '(payload): no sample for content type application/json',
    ]);
    expect(problems(() => validatePayloadSamples([sample('payload_application_json_0.json', '{"amount": "x"}')], VARS, ['application/json']))).toEqual([
      'payload_application_json_0.json: missing input variable(s): country',
      'payload_application_json_0.json.amount: NUMERIC variable has value "x"',
    ]);
  });
});
