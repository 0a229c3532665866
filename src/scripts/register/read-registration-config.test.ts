import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../errors.js';
import { sampleConfig } from '../../../test/inventory-sample-request.js';
import { REQUIRED_REGISTRATION_FIELDS } from '../../steps/registration/contract.js';
import { checkRegistrationConfig } from './read-registration-config.js';

function issuesOf(value: unknown): string[] {
  try {
    checkRegistrationConfig(value, 'config');
  } catch (err) {
    expect(err).toBeInstanceOf(ScriptError);
    return (err as ScriptError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe('checkRegistrationConfig', () => {
  it.each(REQUIRED_REGISTRATION_FIELDS)('names the missing required field %s', (field) => {
    const config: Record<string, unknown> = { ...sampleConfig() };
    delete config[field];
    expect(issuesOf(config)).toEqual([`${field}: is required`]);
  });

  it('lists every missing and every wrong field together', () => {
    expect(issuesOf({ model_domain: 'd', model_objective: 'o', source_model_inference_content_types: 'text/csv' })).toEqual([
      ...REQUIRED_REGISTRATION_FIELDS.filter((f) => !['model_domain', 'model_objective', 'source_model_inference_content_types'].includes(f)).map(
        (f) => `${f}: is required`,
      ),
      'source_model_inference_content_types: Invalid input: expected array, received string',
    ]);
  });

  it('accepts both variable list forms and returns the ordered list', () => {
    const config = checkRegistrationConfig(sampleConfig({ source_model_inference_input_variable_list: { x: 'TEXT', a: 'NUMERIC' } }), 'config');
    expect(config.source_model_inference_input_variable_list).toEqual([
      ['x', 'TEXT'],
      ['a', 'NUMERIC'],
    ]);
  });
});
