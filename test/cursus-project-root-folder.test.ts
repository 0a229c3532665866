/**
 * cursus's `project_root_folder`: relative paths resolve under the project folder of that name
 * (`<base>/<project_root_folder>/<path>`, as cursus 2.9.32's hybrid path resolution does),
 * `<base>` found from `$CURSUS_PROJECT_BASE`, the config file's folder upward, the working
 * folder upward; sagewire's own `project_root` wins.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../src/steps/config-file.js';
import { runCli } from './helpers/cli.js';
import { BASE_FIELDS } from './helpers/base-config.js';

const work = mkdtempSync(join(tmpdir(), 'sagewire-project-root-folder-'));
/** An empty working folder, so that the walk from the working folder finds nothing. */
const emptyCwd = join(work, 'cwd');
mkdirSync(emptyCwd);
let count = 0;


/** A cursus-written file (cursus's metadata) at `configPath` under a fresh case folder; returns the case folder. */
function writeCase(configPath: string, shared: Record<string, unknown>, folders: string[], cursus = true): { root: string; config: string } {
  const root = join(work, `case-${count++}`);
  for (const f of folders) mkdirSync(join(root, f), { recursive: true });
  const config = join(root, configPath);
  // PackageConfig is cursus's class name (the file reads as cursus's); PackageStepConfig is sagewire's.
  const cls = cursus ? 'PackageConfig' : 'PackageStepConfig';
  mkdirSync(join(config, '..'), { recursive: true });
  writeFileSync(
    config,
    JSON.stringify({
      configuration: {
        shared: { ...BASE_FIELDS, ...shared },
        specific: { Package: { __model_type__: cls, model_registration_objective: 'risk', model_type: 'xgboost' } },
      },
      metadata: { config_types: { Package: cls }, ...(cursus ? { created_at: '2026-11-02T10:00:00', field_sources: {} } : {}) },
    }),
  );
  return { root, config };
}

function read(config: string, search: { cwd?: string; projectBase?: string } = {}) {
  const contents = readConfigFile(config, { search: { cwd: emptyCwd, projectBase: '', ...search } });
  const pkg = contents.configs.Package!;
  if (pkg.stepType !== 'Package') throw new Error('narrowing');
  return { contents, config: pkg.config };
}

describe('project_root_folder', () => {
  it('the config file inside the project folder: found walking up by its name', () => {
    const { root, config } = writeCase('atoz/pipeline_config/config.json', { project_root_folder: 'atoz', source_dir: 'dockers/xgboost' }, ['atoz/dockers/xgboost']);
    const r = read(config);
    expect(r.config.source_dir).toBe(join(root, 'atoz/dockers/xgboost'));
    expect(r.config.project_root).toBe(join(root, 'atoz'));
    expect(r.contents.notices).toEqual([
      { path: 'configuration.shared.project_root_folder', message: expect.stringMatching(new RegExp(`^relative paths resolve under ${join(root, 'atoz')}, then the config file's folder`)) },
    ]);
    expect(r.contents.ignored.map((i) => i.path)).not.toContain('configuration.shared.project_root_folder');
  });

  it('the project folder beside the config file’s folder: found walking up as a subfolder', () => {
    const { root, config } = writeCase('configs/config.json', { project_root_folder: 'atoz', source_dir: 'dockers' }, ['atoz/dockers']);
    expect(read(config).config.source_dir).toBe(join(root, 'atoz/dockers'));
  });

  it('from the working folder when not from the config file’s folder', () => {
    const { root: elsewhere } = writeCase('x/config.json', {}, ['proj/src']);
    const { config } = writeCase('configs/config.json', { project_root_folder: 'proj', source_dir: 'src' }, []);
    expect(read(config, { cwd: join(elsewhere, 'x') }).config.source_dir).toBe(join(elsewhere, 'proj/src'));
  });

  it('$CURSUS_PROJECT_BASE first, as in cursus', () => {
    const { root, config } = writeCase('atoz/config.json', { project_root_folder: 'atoz', source_dir: 'dockers' }, ['atoz/dockers', 'base/atoz/dockers']);
    expect(read(config, { projectBase: join(root, 'base') }).config.source_dir).toBe(join(root, 'base/atoz/dockers'));
  });

  it('a path not under the project folder: the first folder holding it, the config file’s last', () => {
    const { root, config } = writeCase('configs/config.json', { project_root_folder: 'atoz', source_dir: 'dockers', calibration_dir: 'calib' } as Record<string, unknown>, [
      'atoz/dockers',
      'configs/calib',
    ]);
    const r = read(config);
    expect(r.config.source_dir).toBe(join(root, 'atoz/dockers'));
    expect(r.config.calibration_dir).toBe(join(root, 'configs/calib'));
  });

  it('a path in no folder resolves under the project folder, so the path check names it there', async () => {
    const { root, config } = writeCase('atoz/pipeline_config/config.json', { project_root_folder: 'atoz', source_dir: 'missing' }, ['atoz']);
    expect(read(config).config.source_dir).toBe(join(root, 'atoz/missing'));
  });

  it('sagewire’s project_root wins, with a notice', () => {
    const { root, config } = writeCase('atoz/config.json', { project_root_folder: 'atoz', project_root: 'other', source_dir: 'dockers' }, ['atoz/dockers', 'atoz/other/dockers']);
    const r = read(config);
    expect(r.config.source_dir).toBe(join(root, 'atoz/other/dockers'));
    expect(r.contents.notices).toEqual([{ path: 'configuration.shared.project_root_folder', message: 'ignored: project_root is given, and relative paths resolve against it' }]);
  });

  it('no such folder: relative paths resolve against the config file’s folder, with a notice (cursus falls back to the paths as given)', () => {
    const { root, config } = writeCase('config.json', { project_root_folder: 'nowhere', source_dir: 'dockers' }, ['dockers']);
    const r = read(config);
    expect(r.config.source_dir).toBe(join(root, 'dockers'));
    expect(r.contents.notices).toEqual([
      { path: 'configuration.shared.project_root_folder', message: expect.stringMatching(/^no folder "nowhere" found \(looked from the config file's folder .* up to 10 parents\): relative paths resolve against the config file's folder/) },
    ]);
  });

  it('not a folder name: a schema error at its path', () => {
    const { config } = writeCase('config.json', { project_root_folder: 7 }, []);
    expect(() => read(config)).toThrow(expect.objectContaining({ issues: [{ path: 'configuration.shared.project_root_folder', message: 'expected a folder name, got 7 (for Package)' }] }));
  });

  it('is a cursus field: in a sagewire file it is an unknown field, as before', () => {
    const { config } = writeCase('config.json', { project_root_folder: 'atoz' }, [], false);
    expect(() => read(config)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'configuration.shared.project_root_folder' })] }));
  });

  it('validate prints the notice and passes the resolved path to the path checks', async () => {
    const { root, config } = writeCase('atoz/pipeline_config/config.json', { project_root_folder: 'atoz', source_dir: 'dockers', inference_scripts_dir: 'nope' } as Record<string, unknown>, [
      'atoz/dockers',
    ]);
    const dag = join(root, 'dag.json');
    writeFileSync(dag, JSON.stringify({ dag: { nodes: ['Package'], edges: [] } }));
    const r = await runCli(['validate', '--dag', dag, '--config', config], { cwd: emptyCwd, env: { CURSUS_PROJECT_BASE: '' } });
    expect(r.stderr).toContain(`notice: configuration.shared.project_root_folder: relative paths resolve under ${join(root, 'atoz')}`);
    expect(r.stderr).toContain(join(root, 'atoz/nope'));
    expect(r.code).toBe(1);
  });
});
