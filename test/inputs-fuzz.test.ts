/**
 * Seeded, bounded fuzz over the example configs and DAGs. A case is one example file mutated
 * one way: a value anywhere replaced by an arbitrary JSON value, the file cut at a byte, or one
 * byte replaced. Every case compiles or fails with a SagewireError whose text names a path or
 * the file; never any other error (a stack).
 *
 * Two layers: in-process, a few hundred cases in seconds; then a fixed, seeded sample of the
 * same kind of cases through the installed binary (scripts/bundle-cli.mjs, as `npm run build`
 * makes dist/cli/main.js) as users run it: exit 0, 1 or 2 within seconds, no stack on stderr,
 * the output pair written whole or not at all, and with --json one JSON object on stdout
 * carrying error.code, error.message and error.issues[].path.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../src/compile/compile.js';
import { SagewireError } from '../src/errors.js';
import { installedCli, type BundledCli } from './helpers/bundled-cli.js';
import { ROOT, type CliResult } from './helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'sagewire-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const EXAMPLES = ['four-step', 'xgboost-train', 'pytorch-model'] as const;
const WHICH = ['config', 'dag'] as const;
type Path = Array<string | number>;

/** Every path (list of keys) to a value inside `doc`. */
function paths(doc: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) paths(v, [...prefix, k], out);
  return out;
}

function replaced(doc: unknown, at: Path, value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = value;
  return copy;
}

interface Example {
  name: string;
  config: unknown;
  dag: unknown;
  paths: Record<(typeof WHICH)[number], Path[]>;
}

function loadExample(name: string): Example {
  const dir = join(ROOT, 'examples', name);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  config.configuration.shared.project_root = dir;
  const dag = JSON.parse(readFileSync(join(dir, 'dag.json'), 'utf8'));
  return { name, config, dag, paths: { config: paths(config), dag: paths(dag) } };
}

/** One mutation of one file, as numbers and a JSON value (fast-check shrinks and replays them). */
type Mutation = { kind: 'value'; at: number; value: unknown } | { kind: 'cut'; at: number } | { kind: 'byte'; at: number; byte: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }) },
);

/** The two files of a case, as bytes: one of them mutated. */
function caseFiles(ex: Example, which: (typeof WHICH)[number], m: Mutation): { config: Buffer; dag: Buffer } {
  const doc = ex[which];
  let bytes: Buffer;
  if (m.kind === 'value') {
    const all = ex.paths[which];
    bytes = Buffer.from(JSON.stringify(replaced(doc, all[m.at % all.length]!, m.value)));
  } else {
    const text = Buffer.from(JSON.stringify(doc, null, 2));
    const at = m.at % text.length;
    bytes = m.kind === 'cut' ? text.subarray(0, at) : Buffer.concat([text.subarray(0, at), Buffer.from([m.byte]), text.subarray(at + 1)]);
  }
  return {
    config: which === 'config' ? bytes : Buffer.from(JSON.stringify(ex.config)),
    dag: which === 'dag' ? bytes : Buffer.from(JSON.stringify(ex.dag)),
  };
}

/** Whether an error names one of the files, or carries an issue with its path (a JSON path, a step, an entry). */
function namesWhere(message: string, issues: Array<{ path: string; message: string }>, files: string[]): boolean {
  return files.some((f) => message.includes(f) || issues.some((i) => i.message.includes(f))) || issues.some((i) => i.path !== '');
}

describe.each(EXAMPLES)('fuzz in-process: examples/%s', (name) => {
  const ex = loadExample(name);
  it.each(WHICH)('one %s mutated: compiles or a named SagewireError', (which) => {
    const configFile = join(work, `${name}-config.json`);
    const dagFile = join(work, `${name}-dag.json`);
    fc.assert(
      fc.property(mutation, (m) => {
        const files = caseFiles(ex, which, m);
        writeFileSync(configFile, files.config);
        writeFileSync(dagFile, files.dag);
        try {
          compile({ dag: dagFile, configFile });
        } catch (err) {
          expect(err, String((err as Error).stack)).toBeInstanceOf(SagewireError);
          const e = err as SagewireError;
          expect(namesWhere(e.describe(), e.issues, [configFile, dagFile]), e.describe()).toBe(true);
        }
      }),
      { seed: 12, numRuns: 60 },
    );
  });
});

/** Spawned cases per example and file: 3 examples x 2 files x 6 = 36 runs of the binary (~35 s at load 12 on two cores). */
const SPAWNED_PER_FILE = 6;
/** Runs at once: the machine has two cores. */
const CONCURRENCY = 3;
/** "Within seconds": a case that takes longer is a hang (a FIFO, /dev/zero, a runaway walk). */
const CASE_TIMEOUT_MS = 20_000;
const MODES = ['compile --json', 'compile', 'validate --json'] as const;

interface SpawnedCase {
  id: string;
  mode: (typeof MODES)[number];
  configFile: string;
  dagFile: string;
  out: string;
  result?: CliResult;
  ms?: number;
}

function spawnedCases(): SpawnedCase[] {
  const cases: SpawnedCase[] = [];
  EXAMPLES.forEach((name, e) => {
    const ex = loadExample(name);
    WHICH.forEach((which, w) => {
      // fc.sample with a fixed seed: the same cases on every run and machine.
      const sample = fc.sample(mutation, { seed: 1200 + e * 10 + w, numRuns: SPAWNED_PER_FILE });
      sample.forEach((m, i) => {
        const id = `${name}-${which}-${i}`;
        const dir = join(work, 'spawned', id);
        mkdirSync(join(dir, 'out'), { recursive: true });
        const files = caseFiles(ex, which, m);
        const configFile = join(dir, 'config.json');
        const dagFile = join(dir, 'dag.json');
        writeFileSync(configFile, files.config);
        writeFileSync(dagFile, files.dag);
        cases.push({ id, mode: MODES[cases.length % MODES.length]!, configFile, dagFile, out: join(dir, 'out', 'p.json') });
      });
    });
  });
  return cases;
}

function argsOf(c: SpawnedCase): string[] {
  const [command, json] = c.mode.split(' ');
  return [command!, ...(json ? [json] : []), '--dag', c.dagFile, '--config', c.configFile, ...(command === 'compile' ? ['--out', c.out] : [])];
}

describe('fuzz through the installed binary (seeded sample)', () => {
  let cli: BundledCli;
  const cases = spawnedCases();
  beforeAll(async () => {
    cli = await installedCli();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const started = Date.now();
        c.result = await cli.run(argsOf(c), { timeoutMs: CASE_TIMEOUT_MS });
        c.ms = Date.now() - started;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }, 240_000);
  afterAll(async () => {
    await cli?.dispose();
  });

  it('samples a bounded, mixed set: 36 runs, every mode, mostly failures', () => {
    const byCode = new Map<number, number>();
    for (const c of cases) byCode.set(c.result!.code, (byCode.get(c.result!.code) ?? 0) + 1);
    const slowest = Math.max(...cases.map((c) => c.ms!));
    console.info(`fuzz: ${cases.length} runs of the binary; exit codes ${JSON.stringify(Object.fromEntries(byCode))}; slowest ${slowest} ms`);
    expect(cases).toHaveLength(36);
    for (const mode of MODES) expect(cases.filter((c) => c.mode === mode).length).toBe(cases.length / MODES.length);
    expect(cases.filter((c) => c.result!.code === 1).length).toBeGreaterThan(cases.length / 3);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s: exit 0, 1 or 2 in time, no stack, the path named, nothing partial', (_id, c) => {
    const r = c.result!;
    const seen = `${c.mode} ${c.id} (exit ${r.code}, ${c.ms} ms)\nstderr: ${r.stderr.slice(0, 2000)}\nstdout: ${r.stdout.slice(0, 2000)}`;
    expect([0, 1, 2], seen).toContain(r.code);
    expect(r.stderr, seen).not.toMatch(/\n\s+at /);
    expect(r.stderr, seen).not.toContain('unexpected error');
    const files = [c.configFile, c.dagFile];

    // Nothing partial: the definition and its manifest both whole, or neither; no temp file.
    const written = readdirSync(join(c.out, '..')).sort();
    if (c.mode.startsWith('compile') && r.code === 0) {
      expect(written, seen).toEqual(['p.assets.json', 'p.json']);
      JSON.parse(readFileSync(c.out, 'utf8'));
      JSON.parse(readFileSync(join(c.out, '..', 'p.assets.json'), 'utf8'));
    } else {
      expect(written, seen).toEqual([]);
    }

    if (c.mode.endsWith('--json')) {
      // One JSON object on stdout, whatever the outcome.
      const parsed = JSON.parse(r.stdout) as { error?: { code: string; message: string; issues: Array<{ path: string; message: string }> } };
      expect(typeof parsed, seen).toBe('object');
      if (r.code === 0) {
        expect(parsed.error, seen).toBeUndefined();
        return;
      }
      const { error } = parsed;
      expect(error, seen).toBeDefined();
      expect(error!.code, seen).toMatch(/^[A-Z_]+$/);
      expect(error!.code, seen).not.toBe('INTERNAL');
      expect(typeof error!.message, seen).toBe('string');
      for (const issue of error!.issues) {
        expect(typeof issue.path, seen).toBe('string');
        expect(typeof issue.message, seen).toBe('string');
      }
      expect(namesWhere(error!.message, error!.issues, files), seen).toBe(true);
    } else if (r.code !== 0) {
      expect(r.stdout, seen).toBe('');
      expect(r.stderr, seen).toMatch(/^error \[[A-Z_]+\]: /m);
      expect(namesWhere(r.stderr, [], files) || /^\s+- \S+: /m.test(r.stderr), seen).toBe(true);
    }
  });
});

