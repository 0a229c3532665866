/**
 * `validate`'s error code is the one compile fails with for the same problems (the layer that
 * found them), not a guess from the problems' paths.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as validateCommand } from '../src/cli/commands/validate.js';
import { defaultContext } from '../src/cli/context.js';
import { ROOT } from './helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'sagewire-validate-code-'));

function exampleFiles(example: string, edit: (specific: Record<string, Record<string, unknown>>) => void, dagEdit?: (edges: string[][]) => string[][]) {
  const dir = join(ROOT, 'examples', example);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  config.configuration.shared.project_root = dir;
  edit(config.configuration.specific);
  const configFile = join(work, `${example}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(configFile, JSON.stringify(config));
  const dag = JSON.parse(readFileSync(join(dir, 'dag.json'), 'utf8'));
  if (dagEdit) dag.dag.edges = dagEdit(dag.dag.edges);
  const dagFile = `${configFile}.dag.json`;
  writeFileSync(dagFile, JSON.stringify(dag));
  return { dag: dagFile, config: configFile };
}

async function errorOf(files: { dag: string; config: string }) {
  const r = await validateCommand(files, defaultContext({ cwd: work, log: () => {} }));
  expect(r.exitCode).toBe(1);
  expect(r.data).not.toHaveProperty('errorCode');
  return r.error as { code: string; issues: Array<{ path: string }> };
}

describe('validate error codes', () => {
  it('a missing file at a path that looks like an unmatched input (PytorchModel.model_data) is CONFIG', async () => {
    // PytorchModel's optional input model_data has no upstream step, so it is unmatched too.
    const error = await errorOf(exampleFiles('pytorch-model', (s) => (s.PytorchModel!.model_data = 'model/missing.tar.gz')));
    expect(error.issues.map((i) => i.path)).toEqual(['PytorchModel.model_data']);
    expect(error.code).toBe('CONFIG');
  });

  it('an unwired required input alone is RESOLUTION', async () => {
    const error = await errorOf(exampleFiles('four-step', () => {}, (edges) => edges.filter(([a, b]) => !(a === 'Package' && b === 'Registration'))));
    expect(error.issues.map((i) => i.path)).toEqual(['Registration.packaged_model_input']);
    expect(error.code).toBe('RESOLUTION');
  });
});
