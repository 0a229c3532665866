/**
 * Without bubblewrap (as on macOS), sagewire's own scripts still run: the demo pipeline in the
 * direct mode, paths mapped through SAGEWIRE_PATHS, registers its model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo/run-demo.js';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the demo pipeline without a sandbox', () => {
  it('runs every step directly and registers the model', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sagewire-direct-'));
    const r = await runDemo({ dir: join(dir, 'demo'), stateDir: join(dir, 'state'), size: 4096, sandbox: 'none' });
    expect(r.summary.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['DummyTraining:done', 'Package:done', 'Payload:done', 'Registration:done']);
    expect(r.registrationStatus).toBe('REGISTERED');
    expect(r.modelId).toMatch(/^model-/);
  });
});
