/**
 * The README is a test: every shell command of README.md, of each examples/<name>/README.md,
 * and of each docs/*.md block marked `<!-- readme-test: try it -->` runs in order, as written,
 * in a clone-like folder (the repository's tracked files, its node_modules linked instead of
 * `npm ci`), with what the commands expect to find started: moto_server as the AWS account
 * (holding the buckets the example configs name). A command fails the test when it exits
 * otherwise than its text announces (`# exits N`, else 0), or when it never ran. See
 * test/readme/markdown-commands.ts for the few annotations the text can carry.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { markdownCommands, type MarkdownCommand } from './readme/markdown-commands.js';
import { runCommands, type CommandOutcome } from './readme/run-commands.js';

const MOTO_PORT = 5000;

interface CommandFile {
  file: string;
  commands: MarkdownCommand[];
}

async function commandFiles(): Promise<CommandFile[]> {
  const files: CommandFile[] = [];
  const add = async (file: string, tryItOnly: boolean): Promise<void> => {
    files.push({ file, commands: markdownCommands(await readFile(join(ROOT, file), 'utf8'), file, { tryItOnly }) });
  };
  await add('README.md', false);
  for (const name of (await readdir(join(ROOT, 'examples'))).sort()) {
    if (existsSync(join(ROOT, 'examples', name, 'README.md'))) await add(`examples/${name}/README.md`, false);
  }
  for (const name of (await readdir(join(ROOT, 'docs'))).sort()) if (name.endsWith('.md')) await add(`docs/${name}`, true);
  return files;
}

/** The repository as a fresh clone has it: tracked (and new, not ignored) files, no build output. */
async function cloneLike(dest: string): Promise<void> {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const name of listed.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, name))) continue;
    await mkdir(dirname(join(dest, name)), { recursive: true });
    await copyFile(join(ROOT, name), join(dest, name));
  }
  await symlink(join(ROOT, 'node_modules'), join(dest, 'node_modules'));
}

/** Every `"bucket"` an example config names: the "AWS account" the README deploys to has them. */
async function exampleBuckets(): Promise<string[]> {
  const buckets = new Set<string>();
  for (const name of await readdir(join(ROOT, 'examples'))) {
    const config = join(ROOT, 'examples', name, 'config.json');
    if (!existsSync(config)) continue;
    for (const m of (await readFile(config, 'utf8')).matchAll(/"bucket"\s*:\s*"([^"]+)"/g)) buckets.add(m[1] as string);
  }
  return [...buckets].sort();
}

function prelude(buckets: string[]): string {
  const create = buckets.map((b) => `fetch('http://127.0.0.1:${MOTO_PORT}/${b}', { method: 'PUT' })`).join(', ');
  return [
    // npm ci is replaced by the linked node_modules; npm test is what runs this test.
    'npm() { case "${1:-}" in',
    '  ci) echo "[readme-test] npm ci: node_modules is linked from the repository under test"; return 0 ;;',
    '  test) echo "[readme-test] npm test: not run again (this test runs inside it)"; return 0 ;;',
    '  esac; command npm "$@"; }',
    `export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_ENDPOINT_URL=http://127.0.0.1:${MOTO_PORT}`,
    // Disowned, so that the README's own background jobs are %1, %2, ... as in a fresh shell.
    `moto_server -H 127.0.0.1 -p ${MOTO_PORT} > .readme-test-moto.log 2>&1 & disown`,
    // Buckets are made as soon as moto answers, while the first command (the build) runs.
    `( for i in $(seq 1200); do node -e "Promise.all([${create}]).then(() => process.exit(0), () => process.exit(1))" 2>/dev/null && touch .readme-test-aws-ready && break; sleep 0.1; done ) & disown`,
    '__aws_ready() { for i in $(seq 1200); do [ -e .readme-test-aws-ready ] && return 0; sleep 0.1; done; echo "[readme-test] moto_server did not start: $(tail -5 .readme-test-moto.log)"; }',
  ].join('\n');
}

let dir: string;
let files: CommandFile[];
let outcomes: CommandOutcome[];
let packageScripts: Record<string, string>;

beforeAll(async () => {
  try {
    execFileSync('moto_server', ['--help'], { stdio: 'ignore' });
  } catch {
    throw new Error("moto_server is missing: install it with pip install 'moto[server]'");
  }
  dir = await mkdtemp(join(tmpdir(), 'sagewire-readme-'));
  const root = join(dir, 'sagewire');
  await cloneLike(root);
  files = await commandFiles();
  packageScripts = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).scripts;
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1' };
  for (const key of ['NODE_OPTIONS', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_ENV', 'SAGEWIRE_LOCAL_STORE']) delete env[key];
  ({ outcomes } = await runCommands(files, {
    root,
    prelude: prelude(await exampleBuckets()),
    // Every command but the first (the build, which overlaps moto's start) finds moto ready.
    beforeCommand: '__aws_ready',
    env,
    timeoutMs: 900_000,
  }));
}, 960_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function describeFailure(o: CommandOutcome): string {
  const tail = o.output.trim().split('\n').slice(-25).join('\n');
  const what = o.exitCode === undefined ? 'never ran (an earlier command ended the shell)' : `exited ${o.exitCode}`;
  const expected = o.command.expectExit === 0 ? 'the text announces no failure' : `the text announces exit ${o.command.expectExit}`;
  return `${o.command.where}: \`${o.command.text}\` ${what}; ${expected}\n${tail}`;
}

describe('the README and the examples run as written', () => {
  it('finds the commands (README: set-up, tour, scripts; every example folder has a README)', async () => {
    const readme = files.find((f) => f.file === 'README.md')!;
    expect(readme.commands.some((c) => c.text === 'npm ci && npm run demo')).toBe(true);
    expect(readme.commands.some((c) => c.text === 'npm test')).toBe(true);
    expect(readme.commands.filter((c) => c.run).length).toBeGreaterThan(10);
    for (const name of await readdir(join(ROOT, 'examples'))) {
      expect(existsSync(join(ROOT, 'examples', name, 'README.md')), `examples/${name}/README.md`).toBe(true);
    }
  });

  it('every command exits as its text announces', () => {
    const failures = outcomes.filter((o) => o.command.run && o.exitCode !== o.command.expectExit).map(describeFailure);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it('every command prints what its text announces', () => {
    const failures = outcomes
      .filter((o) => o.command.run && o.command.expectOutput !== undefined && !o.output.includes(o.command.expectOutput))
      .map((o) => `${o.command.where}: \`${o.command.text}\` does not print "${o.command.expectOutput}"\n${o.output.trim().split('\n').slice(-15).join('\n')}`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it('each example runs to a REGISTERED model from its README', () => {
    const examples = files.filter((f) => f.file.startsWith('examples/') && f.file !== 'examples/cdk/README.md');
    expect(examples.map((f) => f.file).sort()).toEqual(['examples/four-step/README.md', 'examples/pytorch-model/README.md', 'examples/xgboost-train/README.md']);
    for (const example of examples) {
      const registered = outcomes.filter((o) => o.command.where.startsWith(example.file) && o.command.expectOutput === 'REGISTERED');
      expect(registered.length, `${example.file} has a command announced with # prints "REGISTERED"`).toBeGreaterThan(0);
      for (const o of registered) expect(o.exitCode, describeFailure(o)).toBe(0);
    }
  });

  it('commands shown but not run (benchmarks) name npm scripts that exist', () => {
    const missing = outcomes
      .filter((o) => !o.command.run)
      .flatMap((o) => [...o.command.text.matchAll(/npm run ([\w:-]+)/g)].map((m) => ({ where: o.command.where, script: m[1] as string })))
      .filter(({ script }) => !(script in packageScripts));
    expect(missing).toEqual([]);
  });
});
