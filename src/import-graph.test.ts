/**
 * The import graph of src/ (rules in .dependency-cruiser.cjs): no cycles, each room imports
 * only rooms below it, the building half nothing of the running half.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './dsl/__fixtures__/schemas.js';

const CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

async function violations(cwd: string): Promise<Violation[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json'], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the import graph', () => {
  it('has no cycle and no import of a room above', async () => {
    expect((await violations(REPO_ROOT)).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  }, 120_000);

  it('reports a cycle, an upward import, a building module importing the runner, the kit importing a step, and a folder with no room', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagewire-import-graph-'));
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
      'src/dag/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/dag/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      'src/config/c.ts': "import { s } from '../steps/s.js';\nexport const c = s;\n",
      'src/steps/s.ts': 'export const s = 1;\n',
      'src/compile/k.ts': "import { l } from '../local/l.js';\nexport const k = l;\n",
      'src/local/l.ts': 'export const l = 1;\n',
      'src/steps/kit/t.ts': "import { p } from '../pkg/p.js';\nexport const t = p;\n",
      'src/steps/pkg/p.ts': 'export const p = 1;\n',
      'src/attic/x.ts': "import { s } from '../steps/s.js';\nexport const x = s;\n",
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const found = new Set((await violations(dir)).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`));
    expect(found).toContain('no-cycles: src/dag/a.ts -> src/dag/b.ts');
    expect(found).toContain('config-imports-no-room-above: src/config/c.ts -> src/steps/s.ts');
    expect(found).toContain('building-imports-no-running: src/compile/k.ts -> src/local/l.ts');
    expect(found).toContain('kit-imports-no-step: src/steps/kit/t.ts -> src/steps/pkg/p.ts');
    expect(found).toContain('every-module-in-a-room: src/attic/x.ts -> src/steps/s.ts');
  }, 120_000);
});
