/**
 * cursus's `project_root_folder` is searched for once per config file, not once per step: the
 * search walks two folder chains and stats each folder, and every step of a file shares it.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { projectFolderCandidates } from '../src/config/file/project-folder.js';
import { readConfigFile } from '../src/steps/config-file.js';
import { ROOT } from './helpers/cli.js';

vi.mock('../src/config/file/project-folder.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/config/file/project-folder.js')>();
  return { ...original, projectFolderCandidates: vi.fn(original.projectFolderCandidates) };
});

const work = mkdtempSync(join(tmpdir(), 'sagewire-project-folder-once-'));
const emptyCwd = join(work, 'cwd');
mkdirSync(emptyCwd);

describe('project_root_folder search', () => {
  it('runs once for a file of six entries, every step resolved under the folder found', () => {
    const project = join(work, 'proj');
    cpSync(join(ROOT, 'examples', 'four-step'), project, { recursive: true });
    const doc = JSON.parse(readFileSync(join(project, 'config.cursus.json'), 'utf8'));
    doc.configuration.shared.project_root_folder = 'proj';
    const config = join(project, 'pipeline_config', 'config.json');
    mkdirSync(join(config, '..'));
    writeFileSync(config, JSON.stringify(doc));

    vi.mocked(projectFolderCandidates).mockClear();
    const contents = readConfigFile(config, { search: { cwd: emptyCwd, projectBase: '' } });
    expect(Object.keys(contents.configs)).toHaveLength(6);
    expect(projectFolderCandidates).toHaveBeenCalledTimes(1);
    for (const loaded of Object.values(contents.configs)) {
      expect((loaded.config as { source_dir?: string }).source_dir).toBe(join(project, 'inference'));
    }
  });
});
