import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeployDefinition } from '../aws/definition-file.js';
import { DefinitionError, NotFoundError } from '../errors.js';
import { loadDefinition } from '../local/definition.js';
import { readDefinitionFile } from './definition-file.js';

const dir = mkdtempSync(join(tmpdir(), 'sagewire-definition-file-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readDefinitionFile: the one reader behind run, graph and deploy', () => {
  it('a missing file is NOT_FOUND with how to make one, for the runner and deploy alike', async () => {
    const missing = join(dir, 'nope.json');
    const readers: Array<() => unknown> = [() => readDefinitionFile(missing), () => loadDefinition(missing), () => readDeployDefinition(missing)];
    for (const read of readers) {
      const err = await Promise.resolve().then(read).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as Error).message).toBe(`${missing}: no such pipeline definition (compile one with \`sagewire compile --out ${missing}\`)`);
    }
  });

  it('bad JSON names the file, line and column; the wrong shape says what is needed', () => {
    const bad = file('bad.json', '{\n  "Version": "2020-12-01",\n  "Steps": [,]\n}');
    expect(() => readDefinitionFile(bad)).toThrow(new DefinitionError(`${bad}: not valid JSON at line 3, column 13 (offset 41): expected a value, found ","`));
    const array = file('array.json', '[]');
    expect(() => readDefinitionFile(array)).toThrow(`${array}: a pipeline definition is a JSON object, got an array`);
    const noVersion = file('no-version.json', '{"Steps": []}');
    expect(() => readDefinitionFile(noVersion)).toThrow(/not a SageMaker pipeline definition \(needs "Version" and a "Steps" array; got keys Steps\)/);
  });

  it('deploy gets the compact body of the same document', async () => {
    const ok = file('ok.json', '{ "Version": "2020-12-01", "Steps": [] }');
    const def = await readDeployDefinition(ok);
    expect(def.body).toBe('{"Version":"2020-12-01","Steps":[]}');
    expect(await loadDefinition(ok)).toEqual({ Version: '2020-12-01', Steps: [] });
  });
});
