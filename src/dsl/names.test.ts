import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../local/definition.js';
import { isValidName, NAME_RULE } from './names.js';

describe('the one name rule for steps and parameters', () => {
  it('1-64 of A-Z a-z 0-9 - _', () => {
    expect(isValidName('A')).toBe(true);
    expect(isValidName(`${'a'.repeat(63)}-`)).toBe(true);
    expect(isValidName('a'.repeat(65))).toBe(false);
    for (const bad of ['', 'a.b', '../x', 'a b', 'é', 'a/b']) expect(isValidName(bad), bad).toBe(false);
  });

  it('the local runner refuses by it, with its words', () => {
    const err = (() => {
      try {
        checkDefinition({ Version: '2020-12-01', Steps: [{ Name: 'a.b', Type: 'Fail' }] });
      } catch (e) {
        return e as Error & { issues: Array<{ message: string }> };
      }
      throw new Error('accepted');
    })();
    expect(err.issues[0]!.message).toBe(`step name "a.b" ${NAME_RULE}`);
    expect(() => checkDefinition({ Version: '2020-12-01', Steps: [{ Name: 'a'.repeat(64), Type: 'Fail' }] })).not.toThrow();
  });
});
