/**
 * cursus files as cursus users have them: every real cursus config names cursus's own scripts
 * (`processing_entry_point`: package.py, payload.py, dummy_training.py, or the older
 * mims_package.py / mims_payload.py). sagewire runs its own step implementation there and says
 * so in a notice, on stderr and in `--json`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as compileCommand } from '../src/cli/commands/compile.js';
import { run as validateCommand } from '../src/cli/commands/validate.js';
import { defaultContext } from '../src/cli/context.js';
import { compile } from '../src/compile/compile.js';
import { ROOT } from './helpers/cli.js';

const FOUR = join(ROOT, 'examples', 'four-step');
const work = mkdtempSync(join(tmpdir(), 'sagewire-cursus-files-'));

function cursusConfig(entryPoints: Record<string, string>): string {
  const doc = JSON.parse(readFileSync(join(FOUR, 'config.cursus.json'), 'utf8'));
  doc.configuration.shared.project_root = FOUR;
  for (const [step, entry] of Object.entries(entryPoints)) {
    doc.configuration.specific[step].processing_entry_point = entry;
    doc.configuration.specific[step].processing_source_dir = join(FOUR, 'inference');
  }
  const file = join(work, `cursus-${Object.values(entryPoints).join('-')}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function codeEntry(definition: Record<string, unknown>, step: string): string[] {
  const s = (definition.Steps as Array<{ Name: string; Arguments: { AppSpecification: { ContainerEntrypoint: string[] } } }>).find((x) => x.Name === step)!;
  return s.Arguments.AppSpecification.ContainerEntrypoint;
}

describe("cursus's own script names", () => {
  it.each([
    [{ Package: 'package.py', Payload: 'payload.py', DummyTraining: 'dummy_training.py' }],
    [{ Package: 'mims_package.py', Payload: 'mims_payload.py' }],
  ])('%o compiles to sagewire’s own steps, one notice each', (entries) => {
    const result = compile({ dag: join(FOUR, 'dag.json'), configFile: cursusConfig(entries) });
    const ours: Record<string, string> = { Package: 'package.mjs', Payload: 'payload.mjs', DummyTraining: 'dummy-training.mjs' };
    for (const step of Object.keys(entries)) {
      // The entry may start with the carried runtime's /bin/sh wrapper; it ends on node and our bundle.
      expect(codeEntry(result.definition, step).slice(-2)).toEqual(['node', `/opt/ml/processing/input/code/${ours[step]}`]);
    }
    expect(result.notices.map((n) => n.path).sort()).toEqual(Object.keys(entries).map((s) => `${s}.processing_entry_point`).sort());
    for (const n of result.notices) expect(n.message).toMatch(/is cursus's own script: sagewire runs its own \w+ implementation/);
  });

  it('another script name is the user’s own script, with no notice', () => {
    const result = compile({ dag: join(FOUR, 'dag.json'), configFile: cursusConfig({ Package: 'inference.py' }) });
    expect(codeEntry(result.definition, 'Package')).toEqual(['python3', '/opt/ml/processing/input/code/inference.py']);
    expect(result.notices).toEqual([]);
  });

  it('compile prints the notices on stderr and puts them in --json', async () => {
    const lines: string[] = [];
    const r = await compileCommand(
      { dag: join(FOUR, 'dag.json'), config: cursusConfig({ Package: 'package.py' }) },
      defaultContext({ cwd: work, log: (l) => lines.push(l) }),
    );
    expect(lines).toEqual([expect.stringMatching(/^notice: Package\.processing_entry_point: "package\.py" is cursus's own script/)]);
    expect((r.data as { notices: unknown[] }).notices).toHaveLength(1);
  });
});

describe('processing_entry_point_is_user_script: your own script with a cursus name', () => {
  function userScriptConfig(fields: Record<string, unknown>, withScript: boolean): string {
    const dir = mkdtempSync(join(work, 'user-script-'));
    if (withScript) writeFileSync(join(dir, 'package.py'), 'print("my packaging")\n');
    const doc = JSON.parse(readFileSync(join(FOUR, 'config.cursus.json'), 'utf8'));
    doc.configuration.shared.project_root = FOUR;
    Object.assign(doc.configuration.specific.Package, { processing_entry_point: 'package.py', processing_source_dir: dir, ...fields });
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(doc));
    return file;
  }

  it('true: the step runs your package.py from processing_source_dir, no notice', () => {
    const result = compile({ dag: join(FOUR, 'dag.json'), configFile: userScriptConfig({ processing_entry_point_is_user_script: true }, true) });
    expect(codeEntry(result.definition, 'Package')).toEqual(['python3', '/opt/ml/processing/input/code/package.py']);
    expect(result.notices).toEqual([]);
  });

  it('absent or false: sagewire’s own Package, with the notice naming the opt-in', () => {
    for (const fields of [{}, { processing_entry_point_is_user_script: false }]) {
      const result = compile({ dag: join(FOUR, 'dag.json'), configFile: userScriptConfig(fields, true) });
      expect(codeEntry(result.definition, 'Package').slice(-2)).toEqual(['node', '/opt/ml/processing/input/code/package.mjs']);
      expect(result.notices).toEqual([{ path: 'Package.processing_entry_point', message: expect.stringMatching(/set processing_entry_point_is_user_script: true$/) }]);
    }
  });

  it('true with the script missing: the missing file is named', () => {
    expect(() => compile({ dag: join(FOUR, 'dag.json'), configFile: userScriptConfig({ processing_entry_point_is_user_script: true }, false) })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'Package.processing_entry_point', message: expect.stringContaining('package.py') })] }),
    );
  });

  it('true without a local processing_source_dir: an error at the field', () => {
    const file = userScriptConfig({ processing_entry_point_is_user_script: true, processing_source_dir: 's3://example-bucket/scripts/' }, false);
    expect(() => compile({ dag: join(FOUR, 'dag.json'), configFile: file })).toThrow(/Package\.processing_entry_point_is_user_script: true needs a local processing_source_dir holding package\.py/);
  });

  it('validate checks the script of a step whose config fails its schema, too', async () => {
    const file = userScriptConfig({ processing_entry_point_is_user_script: true, processing_instance_count: 'x' }, false);
    const r = await validateCommand({ dag: join(FOUR, 'dag.json'), config: file }, defaultContext({ cwd: work, log: () => {} }));
    expect(r.exitCode).toBe(1);
    expect((r.data as { problems: Array<{ path: string }> }).problems.map((i) => i.path)).toEqual(
      expect.arrayContaining(['configuration.specific.Package.processing_instance_count', 'Package.processing_entry_point']),
    );
  });

  it('validate checks a user’s own .mjs script of a step whose config fails its schema, as the built step would', async () => {
    const file = userScriptConfig({ processing_entry_point: 'foo.mjs', processing_instance_count: 'x' }, false);
    const r = await validateCommand({ dag: join(FOUR, 'dag.json'), config: file }, defaultContext({ cwd: work, log: () => {} }));
    expect(r.exitCode).toBe(1);
    const problems = (r.data as { problems: Array<{ path: string; message: string }> }).problems;
    expect(problems.map((i) => i.path)).toContain('configuration.specific.Package.processing_instance_count');
    expect(problems.find((i) => i.path === 'Package.processing_entry_point')?.message).toMatch(/foo\.mjs/);
  });
});
