/**
 * sagewire as a library in a fresh strict TypeScript project (module/moduleResolution
 * nodenext): the packed tarball, installed without network (unpacked into node_modules, its
 * dependencies linked from this repo's node_modules), a step type of the user's own made with
 * defineStep, configs built in code and the four-step flow plus that step compiled. `tsc
 * --noEmit` must pass with no cast, and the compiled program must run.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('a consumer project', () => {
  it('installs the packed tarball, type-checks its own step type and configs with no cast, and compiles', () => {
    const work = mkdtempSync(join(tmpdir(), 'sagewire-consumer-'));
    // The package as `npm run build` lays it out (the container bundles come from `pretest`).
    const pkg = join(work, 'pkg');
    mkdirSync(pkg);
    for (const f of ['package.json', 'LICENSE', 'README.md']) copyFileSync(join(ROOT, f), join(pkg, f));
    // --noCheck: the emit only (npm run typecheck checks the same sources); the consumer's own
    // tsc below is the check this test is about.
    run(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist'), '--noCheck'], ROOT);
    cpSync(join(ROOT, 'dist', 'scripts'), join(pkg, 'dist', 'scripts'), { recursive: true });
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], pkg)) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/index.d.ts');
    expect(files.filter((f) => /\.map$|__fixtures__|test-support|hostile-fixtures|\.test\./.test(f))).toEqual([]);

    const project = join(work, 'consumer');
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, 'sagewire'), { recursive: true });
    run('tar', ['-xzf', join(work, packed[0]!.filename), '--strip-components=1', '-C', join(modules, 'sagewire')], work);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dep of [...Object.keys(manifest.dependencies), '@types/node']) {
      mkdirSync(join(modules, dep, '..'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep));
    }
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, types: ['node'], outDir: 'out', skipLibCheck: false },
        files: ['main.ts'],
      }),
    );
    const source = readFileSync(join(ROOT, 'test', 'consumer', 'consumer-project.ts.txt'), 'utf8');
    expect(source).not.toMatch(/\bas (unknown|any|never)\b|@ts-(ignore|expect-error)/);
    writeFileSync(join(project, 'main.ts'), source);

    // One tsc run checks and emits: a type error exits non-zero with the diagnostics on stdout.
    let typecheck = '';
    try {
      run(process.execPath, [TSC, '-p', project], project);
    } catch (err) {
      typecheck = (err as { stdout?: string }).stdout ?? String(err);
    }
    expect(typecheck).toBe('');

    const out = execFileSync(process.execPath, [join(project, 'out', 'main.js')], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, SAGEWIRE_EXAMPLE: join(ROOT, 'examples', 'four-step') },
    });
    const printed = JSON.parse(out) as { steps: string[]; env: Record<string, string>; derived: string };
    expect(printed.steps).toEqual(['DummyTraining', 'Package', 'Payload', 'Registration', 'BatchScore']);
    expect(printed.env).toEqual({ THRESHOLD: '0.8', REGION: 'us-east-1' });
    expect(printed.derived).toBe('consumer-Consumer-xgboost-NA');
  }, 600_000);
});
