import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../dsl/__fixtures__/schemas.js';
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
});
