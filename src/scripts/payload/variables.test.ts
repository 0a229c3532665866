import { describe, expect, it } from 'vitest';
import { SagewireError } from '../../errors.js';
import { normalizeVariableList, variablesFromHyperparameters } from './variables.js';

describe('normalizeVariableList', () => {
  it('accepts both forms, keeps order and upper-cases types', () => {
    const expected = [
      { name: 'age', type: 'NUMERIC' },
      { name: 'city', type: 'TEXT' },
    ];
    expect(normalizeVariableList({ age: 'NUMERIC', city: 'text' }, 'cfg')).toEqual(expected);
    expect(normalizeVariableList([['age', 'numeric'], ['city', 'TEXT']], 'cfg')).toEqual(expected);
  });

  it('reports every bad item with its path', () => {
    try {
      normalizeVariableList([['a', 'NUMBER'], ['b'], ['a', 'TEXT'], ['a', 'NUMERIC']], 'cfg.list');
      expect.unreachable();
    } catch (err) {
      expect((err as SagewireError).issues).toEqual([
        { path: 'cfg.list[0]', message: 'type of "a" must be NUMERIC or TEXT, got "NUMBER"' },
        { path: 'cfg.list[1]', message: 'must be [name, type], got ["b"]' },
        { path: 'cfg.list[3]', message: 'field "a" is listed twice' },
      ]);
    }
    expect(() => normalizeVariableList('x', 'cfg.list')).toThrow('cfg.list: invalid input variable list');
    expect(() => normalizeVariableList({}, 'cfg.list')).toThrow('cfg.list: the input variable list is empty');
  });
});

describe('variablesFromHyperparameters', () => {
  it('takes tab_field_list as NUMERIC then cat_field_list as TEXT, leaving out label and id', () => {
    const hp = { tab_field_list: ['x1', 'x2', 'label'], cat_field_list: ['color', 'order_id'], id_name: 'order_id', full_field_list: ['ignored'] };
    expect(variablesFromHyperparameters(hp, 'hp.json')).toEqual([
      { name: 'x1', type: 'NUMERIC' },
      { name: 'x2', type: 'NUMERIC' },
      { name: 'color', type: 'TEXT' },
    ]);
  });

  it('falls back to full_field_list as TEXT fields', () => {
    expect(variablesFromHyperparameters({ full_field_list: ['id', 'a', 'label', 'b'] }, 'hp.json')).toEqual([
      { name: 'a', type: 'TEXT' },
      { name: 'b', type: 'TEXT' },
    ]);
  });

  it('is undefined without field lists, and an error for malformed ones', () => {
    expect(variablesFromHyperparameters({ lr: 0.1 }, 'hp.json')).toBeUndefined();
    expect(() => variablesFromHyperparameters({ tab_field_list: 'a,b' }, 'hp.json')).toThrow('hp.json: tab_field_list must be a list of field names, got "a,b"');
    expect(() => variablesFromHyperparameters({ tab_field_list: ['label'] }, 'hp.json')).toThrow('name no input fields');
  });
});
