/**
 * The archive engine's hostile cases (src/archive/hostile-fixtures.ts) through the real CLI
 * (bundled once, see helpers/bundled-cli.ts; scripts-cli.test.ts runs the tsx one):
 * every one exits 1 with a message naming the entry (or the file), prints no stack, leaves no
 * output file and writes nothing outside the output folder.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CASES, type HostileCase } from '../src/archive/hostile-fixtures.js';
import { bundleCli, type BundledCli } from './helpers/bundled-cli.js';
import { displayEntry } from '../src/errors.js';

let root: string;
let cli: BundledCli;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sagewire-hostile-'));
  cli = await bundleCli();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await cli?.dispose();
});

/** Every path under `dir` (files and folders), relative to it. */
async function listing(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

type Command = 'package' | 'dummy-train' | 'payload';

async function refuse(command: Command, hostile: HostileCase, index: number): Promise<void> {
  const dir = join(root, `${command}-${index}`);
  await mkdir(join(dir, 'in', 'scripts'), { recursive: true });
  const model = join(dir, 'in', 'model.tar.gz');
  await writeFile(model, hostile.build());
  await writeFile(join(dir, 'in', 'scripts', 'inference.py'), 'def model_fn(d): pass\n');
  await writeFile(join(dir, 'in', 'hp.json'), '{"tab_field_list": ["x"]}');
  const out = join(dir, 'out');
  const args = {
    package: ['package', '--model', model, '--scripts', join(dir, 'in', 'scripts'), '--out', out],
    'dummy-train': ['dummy-train', '--model', model, '--hyperparameters', join(dir, 'in', 'hp.json'), '--out', out],
    payload: ['payload', '--model', model, '--out', out],
  }[command];
  const before = await listing(dir);
  const env: Record<string, string> = hostile.limits ? { SAGEWIRE_ARCHIVE_LIMITS: JSON.stringify(hostile.limits) } : {};
  const r = await cli.run(args, { env });

  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const line = r.stderr.split('\n').find((l) => l.startsWith('error [ARCHIVE]: '));
  expect(line, r.stderr).toBeDefined();
  expect(line).toContain(hostile.entry === undefined ? model : `${displayEntry(hostile.entry)}: `);
  expect(line).toMatch(hostile.message);
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+/);
  expect(await readdir(out).catch(() => [])).toEqual([]);
  expect((await listing(dir)).filter((p) => p !== 'out')).toEqual(before);
}

describe.concurrent('hostile archives through sagewire package', () => {
  it('has at least 25 cases', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(25);
  });
  HOSTILE_CASES.forEach((hostile, i) => {
    it(hostile.name, () => refuse('package', hostile, i));
  });
});

const SAMPLE = ['dot-dot traversal', 'symlink escape', 'character device', 'truncated gzip', 'bad CRC', 'not gzip at all'];

describe.concurrent('hostile archives through dummy-train and payload', () => {
  for (const command of ['dummy-train', 'payload'] as const) {
    HOSTILE_CASES.forEach((hostile, i) => {
      if (SAMPLE.includes(hostile.name) || hostile.sample) it(`${command}: ${hostile.name}`, () => refuse(command, hostile, i));
    });
  }
});
