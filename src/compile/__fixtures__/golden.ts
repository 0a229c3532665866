/**
 * Test helper: golden definition files. Bundle hashes change whenever a container script
 * changes, so the sha256 folder of every `.mjs` asset is normalized before comparing.
 * `UPDATE_GOLDEN=1 npx vitest run src/compile` rewrites the files.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export function normalizeBundleHashes(json: string): string {
  return json.replace(/\/code\/[0-9a-f]{64}\/([\w.-]+\.mjs)/g, '/code/<bundle-sha256>/$1');
}

export function expectGolden(name: string, definitionJson: string): void {
  const file = join(import.meta.dirname, name);
  const actual = normalizeBundleHashes(definitionJson);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  // A missing golden file fails: a test that writes its own expectation cannot fail.
  expect(existsSync(file), `${name} is missing: run with UPDATE_GOLDEN=1 once and review it`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
