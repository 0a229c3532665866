import { describe, expect, test } from 'vitest';
import { buildProgram } from './program.js';

const names = (argv?: string[]) => buildProgram(argv).commands.map((command) => command.name());
const ALL = names();

describe('buildProgram(argv) declares only the command argv names', () => {
  test('a known command, also after --json, gets itself alone with the same options', () => {
    expect(names(['node', 'sagewire', 'compile', '--dag', 'd.json'])).toEqual(['compile']);
    expect(names(['node', 'sagewire', '--json', 'steps'])).toEqual(['steps']);
    expect(names(['node', 'sagewire', 'inventory', 'show', 'm'])).toEqual(['inventory']);
    const alone = buildProgram(['node', 'sagewire', 'run']).commands[0];
    const whole = buildProgram().commands.find((command) => command.name() === 'run');
    expect(alone?.options.map((option) => option.flags)).toEqual(whole?.options.map((option) => option.flags));
  });

  test('help, an unknown command and no command get every command', () => {
    expect(ALL.length).toBeGreaterThan(10);
    for (const argv of [['help', 'compile'], ['comple'], ['--help'], []]) {
      expect(names(['node', 'sagewire', ...argv]), argv.join(' ')).toEqual(ALL);
    }
  });
});
