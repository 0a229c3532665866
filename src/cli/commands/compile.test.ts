import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../dsl/__fixtures__/schemas.js';
import { UsageError } from '../../errors.js';
import { defaultContext } from '../context.js';
import { run } from './compile.js';

const FOUR = join(REPO_ROOT, 'examples', 'four-step');

describe('compile command', () => {
  it('--local puts every manifest asset into the store, once', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sagewire-compile-local-'));
    const opts = { dag: join(FOUR, 'dag.json'), config: join(FOUR, 'config.json'), out: 'p.json', local: true };
    const first = await run(opts, defaultContext({ cwd }));
    expect(first.text).toMatch(/9 uploaded, 0 unchanged/);
    const manifest = JSON.parse(readFileSync(join(cwd, 'p.assets.json'), 'utf8')) as { assets: { uri: string }[] };
    for (const a of manifest.assets) expect(existsSync(join(cwd, '.sagewire', 'store', a.uri.slice('s3://'.length)))).toBe(true);
    const second = await run(opts, defaultContext({ cwd }));
    expect(second.text).toMatch(/0 uploaded, 9 unchanged/);
  });

  it('--out into a folder that does not exist yet creates it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sagewire-compile-out-'));
    await run({ dag: join(FOUR, 'dag.json'), config: join(FOUR, 'config.json'), out: 'build/deep/p.json' }, defaultContext({ cwd }));
    expect(JSON.parse(readFileSync(join(cwd, 'build', 'deep', 'p.json'), 'utf8')).Version).toBe('2020-12-01');
    expect(existsSync(join(cwd, 'build', 'deep', 'p.assets.json'))).toBe(true);
  });

  it('--out naming a folder is a usage error naming the path', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sagewire-compile-dir-'));
    mkdirSync(join(cwd, 'taken.json'));
    const attempt = run({ dag: join(FOUR, 'dag.json'), config: join(FOUR, 'config.json'), out: 'taken.json' }, defaultContext({ cwd }));
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(run({ dag: join(FOUR, 'dag.json'), config: join(FOUR, 'config.json'), out: 'taken.json' }, defaultContext({ cwd }))).rejects.toThrow(/--out .*taken\.json: cannot write there/);
    expect(existsSync(join(cwd, 'taken.assets.json'))).toBe(false);
  });
});
