import { describe, expect, it } from 'vitest';
import { markdownCommands } from './markdown-commands.js';

const md = [
  'Intro.',
  '',
  '    npm ci && npm run demo',
  '',
  '```sh',
  'sagewire compile --dag a.json \\',
  '                 --out b.json     # + b.assets.json',
  '# a comment line',
  'sagewire deploy b.json --start   # exits 2',
  'sagewire inventory serve &       # a service',
  'sagewire run b.json              # prints "REGISTERED"',
  'echo "# not a comment"',
  '```',
  '',
  '```json',
  '{ "not": "a command" }',
  '```',
  '',
  '<!-- readme-test: skip: slow -->',
  '```sh',
  'npm run bench:x',
  '```',
  '',
  '<!-- readme-test: try it -->',
  '```bash',
  'sagewire steps',
  '```',
].join('\n');

describe('markdownCommands', () => {
  it('takes indented and sh blocks, joins continuations, reads the annotations', () => {
    const commands = markdownCommands(md, 'X.md');
    expect(commands.map((c) => c.text)).toEqual([
      'npm ci && npm run demo',
      'sagewire compile --dag a.json \\\n                 --out b.json',
      'sagewire deploy b.json --start',
      'sagewire inventory serve &',
      'sagewire run b.json',
      'echo "# not a comment"',
      'npm run bench:x',
      'sagewire steps',
    ]);
    expect(commands.map((c) => c.where)).toEqual(['X.md:3', 'X.md:6', 'X.md:9', 'X.md:10', 'X.md:11', 'X.md:12', 'X.md:21', 'X.md:26']);
    expect(commands[2]!.expectExit).toBe(2);
    expect(commands[1]!.expectExit).toBe(0);
    expect(commands[3]!.background).toBe(true);
    expect(commands[4]!.expectOutput).toBe('REGISTERED');
    expect(commands[6]!.run).toBe(false);
    expect(commands[6]!.skipReason).toBe('slow');
  });

  it('takes only "try it" blocks of a docs page', () => {
    expect(markdownCommands(md, 'docs/x.md', { tryItOnly: true }).map((c) => c.text)).toEqual(['sagewire steps']);
  });
});
