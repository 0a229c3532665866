/**
 * Small points a newcomer meets: `steps` names only sources one can add, a definition compiled
 * to stdout (no manifest) runs with a hint saying what is missing, and the tour's output
 * folders are git-ignored.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sagewire-hints-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('newcomer hints', () => {
  it('steps lists as compatible sources only step types of the catalog', async () => {
    const r = await runCli(['steps', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const steps = JSON.parse(r.stdout).steps as { stepType: string; inputs: { compatibleSources: string[] }[] }[];
    const known = new Set(steps.map((s) => s.stepType));
    const unknown = steps.flatMap((s) => s.inputs.flatMap((i) => i.compatibleSources)).filter((source) => !known.has(source));
    expect(unknown).toEqual([]);
    const text = await runCli(['steps']);
    expect(text.stdout).not.toMatch(/ModelCalibration|ModelEvaluation/);
  });

  it('run of a definition compiled to stdout says that its asset manifest is missing', async () => {
    const compiled = await runCli(['compile', '--dag', join(ROOT, 'examples/four-step/dag.json'), '--config', join(ROOT, 'examples/four-step/config.json')]);
    expect(compiled.code, compiled.stderr).toBe(0);
    const pipeline = join(dir, 'four-step.json');
    await writeFile(pipeline, compiled.stdout);
    const run = await runCli(['run', pipeline, '--embedded-inventory', '--store', join(dir, 'store')], { cwd: dir, timeoutMs: 120_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no asset manifest ${join(dir, 'four-step.assets.json')}`);
    expect(run.stderr).toContain('compile with --out');
  }, 150_000);

  it('the folders the README tour writes are git-ignored', () => {
    const ignored = execFileSync('git', ['check-ignore', 'build/four-step.json', 'out/model.tar.gz'], { cwd: ROOT, encoding: 'utf8' });
    expect(ignored.trim().split('\n')).toEqual(['build/four-step.json', 'out/model.tar.gz']);
  });
});
