/**
 * One reading for every reader: each accepted archive (hand-built tricky ones, and the formats
 * GNU tar, bsdtar and CPython write) is read by sagewire, GNU tar and CPython's tarfile
 * (filter='data'), then run through the real CLI (package, dummy-train, payload); every output
 * is extracted again by GNU tar and CPython and must hold exactly what sagewire read, and
 * payload must use the hyperparameters.json that GNU tar and CPython extract. The refused
 * cases go through the CLI in scripts-hostile.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { ACCEPTED_CASES, HYPERPARAMETERS_A, type AcceptedCase } from '../src/archive/hostile-fixtures.js';
import { gnuTarReading, pythonReadings, sagewireReading, type Reading } from '../src/archive/test-support/readers.js';
import { bundleCli, type BundledCli } from './helpers/bundled-cli.js';

let root: string;
let cli: BundledCli;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sagewire-parity-'));
  cli = await bundleCli();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await cli?.dispose();
});

/** Archives written by the real tools, in each of their formats. */
const TOOL_CASES: AcceptedCase[] = [
  ...(['gnu', 'oldgnu', 'posix', 'ustar', 'v7'] as const).map((format) => ({
    name: `GNU tar --format=${format}`,
    build: () => toolArchive(format !== 'v7' && format !== 'ustar', (dir, out) => ['tar', ['-czf', out, `--format=${format}`, '-C', dir, '.']]),
  })),
  ...(['pax', 'ustar', 'gnutar'] as const).map((format) => ({
    name: `bsdtar --format=${format}`,
    build: () => toolArchive(format !== 'ustar', (dir, out) => ['bsdtar', ['-czf', out, `--format=${format}`, '-C', dir, '.']]),
  })),
  ...(['PAX_FORMAT', 'GNU_FORMAT', 'USTAR_FORMAT'] as const).map((format) => ({
    name: `CPython tarfile ${format}`,
    build: () =>
      toolArchive(format !== 'USTAR_FORMAT', (dir, out) => [
        'python3',
        ['-c', `import sys, tarfile\nwith tarfile.open(sys.argv[1], 'w:gz', format=tarfile.${format}) as t: t.add(sys.argv[2], arcname='.')`, out, dir],
      ]),
  })),
];

/** A model folder every tool can pack: a long path, a non-ASCII name, a symlink, a hard link. */
let toolRun = 0;
function toolArchive(long: boolean, command: (dir: string, out: string) => [string, string[]]): Buffer {
  const work = join(root, `tool-${(toolRun += 1)}`);
  execFileSync('mkdir', ['-p', work]);
  const dir = join(work, 'model');
  // Built synchronously in a child so the case's build() stays synchronous like the others.
  execFileSync(process.execPath, ['--input-type=module', '-e', `(${modelFolderSource})(${JSON.stringify(dir)}, ${long})`]);
  const out = join(work, 'model.tar.gz');
  const [tool, args] = command(dir, out);
  execFileSync(tool, args);
  return execFileSync('cat', [out], { maxBuffer: 64 * 1024 * 1024 });
}

const modelFolderSource = `async (dir, long) => {
  const { mkdir, writeFile, symlink, link } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const deep = long ? join(dir, 'weights', 'x'.repeat(60), 'y'.repeat(60)) : join(dir, 'weights');
  await mkdir(deep, { recursive: true });
  await writeFile(join(deep, 'model.bin'), Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251)));
  await writeFile(join(dir, 'caf\\u00e9.txt'), 'accent\\n');
  await writeFile(join(dir, 'hyperparameters.json'), ${JSON.stringify(HYPERPARAMETERS_A.toString())});
  await symlink('hyperparameters.json', join(dir, 'hp-link.json'));
  await link(join(dir, 'caf\\u00e9.txt'), join(dir, 'hard.txt'));
}`;

/** Every reader's view of each archive; for each, all readers must agree. */
async function readAll(archives: string[]): Promise<Reading[]> {
  const [ours, gnu, python] = await Promise.all([
    Promise.all(archives.map(sagewireReading)),
    Promise.all(archives.map(gnuTarReading)),
    pythonReadings(archives),
  ]);
  archives.forEach((archive, i) => {
    expect(gnu[i], `GNU tar reads ${archive} differently`).toEqual(ours[i]);
    expect(python[i], `CPython reads ${archive} differently`).toEqual(ours[i]);
  });
  return ours;
}

/** The input's members must all be in the output, unchanged, except those the command replaced. */
function expectKept(input: Reading, output: Reading, replaced: string[]): void {
  for (const [name, value] of Object.entries(input)) {
    if (replaced.includes(name)) continue;
    expect(output[name], `${name} in the output`).toBe(value);
  }
}

/** The field names payload used, from the JSON sample it wrote. */
async function payloadFields(out: string): Promise<string[]> {
  const tar = zlib.gunzipSync(await readFile(join(out, 'payload.tar.gz')));
  const dir = await mkdtemp(join(tmpdir(), 'sagewire-payload-'));
  try {
    execFileSync('tar', ['-xf', '-', '-C', dir], { input: tar });
    const json = execFileSync('sh', ['-c', `cat "${dir}"/*.json`]).toString();
    return Object.keys(JSON.parse(json) as object).sort();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The field names of the hyperparameters.json GNU tar extracts. */
function fieldsOf(hyperparameters: Buffer): string[] {
  const hp = JSON.parse(hyperparameters.toString()) as Record<string, string[]>;
  return [...(hp.tab_field_list ?? []), ...(hp.cat_field_list ?? [])].sort();
}

async function gnuTarMember(archive: string, name: string): Promise<Buffer | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'sagewire-member-'));
  try {
    execFileSync('tar', ['-xf', archive, '-C', dir, '--no-same-owner']);
    return await readFile(join(dir, name)).catch(() => undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function checkCase(accepted: AcceptedCase, index: number): Promise<void> {
  const dir = join(root, `case-${index}`);
  await mkdir(join(dir, 'scripts'), { recursive: true });
  const model = join(dir, 'model.tar.gz');
  await writeFile(model, accepted.build());
  await writeFile(join(dir, 'scripts', 'inference.py'), 'def model_fn(d): pass\n');
  await writeFile(join(dir, 'hp.json'), '{"tab_field_list": ["x"]}');
  const packaged = join(dir, 'package');
  const trained = join(dir, 'train');
  const payload = join(dir, 'payload');
  const [p, t, r, hyperparameters] = await Promise.all([
    cli.run(['package', '--model', model, '--scripts', join(dir, 'scripts'), '--out', packaged]),
    cli.run(['dummy-train', '--model', model, '--hyperparameters', join(dir, 'hp.json'), '--out', trained]),
    cli.run(['payload', '--model', model, '--out', payload]),
    gnuTarMember(model, 'hyperparameters.json'),
  ]);
  expect(p.code, p.stderr).toBe(0);
  expect(t.code, t.stderr).toBe(0);
  const [input, packagedReading, trainedReading] = await readAll([model, join(packaged, 'model.tar.gz'), join(trained, 'model.tar.gz')]);
  expectKept(input!, packagedReading!, []);
  expect(packagedReading!['code/inference.py']).toMatch(/^file:/);
  expectKept(input!, trainedReading!, ['hyperparameters.json']);
  // payload reads the hyperparameters.json GNU tar extracts (and so CPython: the readings agree).
  if (hyperparameters) {
    expect(r.code, r.stderr).toBe(0);
    expect(await payloadFields(payload)).toEqual(fieldsOf(hyperparameters));
  }
}

describe.concurrent('archives every reader reads the same way, through the CLI', () => {
  [...ACCEPTED_CASES, ...TOOL_CASES].forEach((accepted, i) => {
    it(accepted.name, () => checkCase(accepted, i), 240_000);
  });
});
