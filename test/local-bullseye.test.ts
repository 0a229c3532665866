/**
 * The proof on this machine that a definition compiled for AWS (no --local) runs on an image
 * without Node: examples/four-step, all four steps, inside a Debian bullseye minbase root
 * (python3, no node; glibc 2.31 like the SKLearn 1.2-1 image) under bwrap, to a REGISTERED
 * model. The root is built once with mmdebstrap and cached outside the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryClient, startInventoryServer } from '../src/registry/index.js';
import { bullseyeRoot } from './helpers/bullseye-root.js';
import { ROOT, runCli } from './helpers/cli.js';

const FOUR = join(ROOT, 'examples', 'four-step');
const SKLEARN = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn';
let root: string;
let cwd: string;

beforeAll(async () => {
  root = await bullseyeRoot((l) => console.log(l));
  cwd = await mkdtemp(join(tmpdir(), 'sagewire-image-root-'));
  const compiled = await runCli(['compile', '--dag', join(FOUR, 'dag.json'), '--config', join(FOUR, 'config.json'), '--out', 'four.json'], { cwd });
  expect(compiled.code, compiled.stderr).toBe(0);
}, 3_600_000);
afterAll(async () => {
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

describe('sagewire run --image-root (Debian bullseye, no node)', () => {
  it('the root really has no node, and the compiled own steps expect none in the image', () => {
    for (const p of ['usr/bin/node', 'usr/local/bin/node', 'bin/node']) expect(existsSync(join(root, p))).toBe(false);
    const probe = spawnSync('bwrap', ['--ro-bind', root, '/', '--proc', '/proc', '--dev', '/dev', '/bin/sh', '-c', 'command -v node || echo no-node; python3 -c "print(1)"'], {
      encoding: 'utf8',
    });
    expect(probe.stdout.trim().split('\n')).toEqual(['no-node', '1']);
    const def = JSON.parse(readFileSync(join(cwd, 'four.json'), 'utf8')) as { Steps: { Arguments: { AppSpecification: { ContainerEntrypoint: string[] } } }[] };
    for (const s of def.Steps) expect(s.Arguments.AppSpecification.ContainerEntrypoint[0]).toBe('/bin/sh');
  });

  it('runs examples/four-step compiled for AWS inside it, all four steps, to a REGISTERED model', async () => {
    const run = await runCli(['run', 'four.json', '--embedded-inventory', '--image-root', root, '--json'], { cwd, timeoutMs: 900_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const summary = JSON.parse(run.stdout) as { status: string; steps: { name: string; status: string }[] };
    expect(summary.status).toBe('Succeeded');
    expect(summary.steps.map((s) => [s.name, s.status])).toEqual([
      ['DummyTraining', 'done'],
      ['Package', 'done'],
      ['Payload', 'done'],
      ['Registration', 'done'],
    ]);
    const inventory = await startInventoryServer({ dataDir: join(cwd, '.sagewire', 'inventory') });
    try {
      const registered = await new InventoryClient(inventory.url).listRegistrations({ status: 'REGISTERED' });
      expect(registered.length).toBe(1);
    } finally {
      await inventory.close();
    }
  }, 900_000);

  it('stages inputs as S3 does, without executable bits; a tar of the root works, matched by ImageUri prefix', async () => {
    // One own step whose command reports the staged modes instead of running the bundle.
    const def = JSON.parse(readFileSync(join(cwd, 'four.json'), 'utf8')) as { Steps: Record<string, unknown>[] } & Record<string, unknown>;
    const step = structuredClone(def.Steps[0]!) as { Arguments: { AppSpecification: { ContainerEntrypoint: string[] } } };
    step.Arguments.AppSpecification.ContainerEntrypoint = [
      '/bin/sh',
      '-c',
      'cd /opt/ml/processing/input && stat -c "%a %n" runtime/node runtime/LICENSE code/dummy-training.mjs; if [ -x runtime/node ]; then echo EXEC; else echo NOEXEC; fi; cut -d. -f1 /etc/debian_version',
    ];
    writeFileSync(join(cwd, 'modes.json'), JSON.stringify({ ...def, Steps: [step] }));
    writeFileSync(join(cwd, 'modes.assets.json'), readFileSync(join(cwd, 'four.assets.json')));
    const tar = join(cwd, 'root.tar');
    expect(spawnSync('tar', ['-C', root, '-cf', tar, '.']).status).toBe(0);
    const run = await runCli(['run', 'modes.json', '--image-root', `${SKLEARN}=${tar}`, '--json'], { cwd, timeoutMs: 600_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const summary = JSON.parse(run.stdout) as { steps: { result?: string }[] };
    const lines = summary.steps[0]!.result!.split('\n');
    expect(lines.slice(-2)).toEqual(['NOEXEC', '11']); // inside bullseye
    for (const l of lines.slice(0, 3)) expect(Number.parseInt(l.split(' ')[0]!, 8) & 0o111, l).toBe(0);
    const other = await runCli(['run', 'modes.json', '--image-root', `other.example/img=${tar}`, '--json'], { cwd, timeoutMs: 600_000 });
    // No prefix matches: the step runs on the host's root.
    expect(other.code, other.stderr).toBe(0);
    const hostVersion = readFileSync('/etc/debian_version', 'utf8').split('.')[0];
    expect((JSON.parse(other.stdout) as { steps: { result?: string }[] }).steps[0]!.result!.split('\n').at(-1)).toBe(hostVersion);
  }, 900_000);
});
