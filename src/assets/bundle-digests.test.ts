import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { scriptBundlePath } from '../steps/kit/package-root.js';
import { BUNDLE_DIGESTS_FILE, recordedBundleDigest } from './bundle-digests.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A folder with one bundle and a digests file recording `sha` for it (with its real size and mtime unless overridden). */
function bundleFolder(sha: string, override: { size?: number; mtimeMs?: number } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sagewire-digests-'));
  dirs.push(dir);
  const bundle = join(dir, 'x.mjs');
  writeFileSync(bundle, 'console.log(1);\n');
  const { size, mtimeMs } = statSync(bundle);
  writeFileSync(join(dir, BUNDLE_DIGESTS_FILE), JSON.stringify({ 'x.mjs': { sha256: sha, size: override.size ?? size, mtimeMs: override.mtimeMs ?? mtimeMs } }));
  return bundle;
}

// Deliberately not the file's digest: when it comes back, it came from the record, not from reading the file.
const RECORDED = 'ab'.repeat(32);

describe('recorded script-bundle digests', () => {
  test('a bundle with its recorded size and mtime gets the recorded digest without being read', () => {
    expect(recordedBundleDigest(bundleFolder(RECORDED))).toEqual({ sha: RECORDED, size: 16 });
  });

  test('any doubt means hashing: another mtime, another size, no record, a malformed record', () => {
    const touched = bundleFolder(RECORDED);
    utimesSync(touched, new Date(), new Date(Date.now() + 5000));
    expect(recordedBundleDigest(touched)).toBeUndefined();
    expect(recordedBundleDigest(bundleFolder(RECORDED, { size: 17 }))).toBeUndefined();
    expect(recordedBundleDigest(bundleFolder('not a digest'))).toBeUndefined();
    const missing = bundleFolder(RECORDED);
    rmSync(join(missing, '..', BUNDLE_DIGESTS_FILE));
    expect(recordedBundleDigest(join(missing, '..', 'y.mjs'))).toBeUndefined();
    const malformed = bundleFolder(RECORDED);
    writeFileSync(join(malformed, '..', BUNDLE_DIGESTS_FILE), '[1,');
    expect(recordedBundleDigest(malformed)).toBeUndefined();
  });

  test('a file unpacked by npm (its fixed 1985 mtime, beside a digests file unpacked with it) keeps the record', () => {
    const bundle = bundleFolder(RECORDED, { mtimeMs: 1 });
    const npmTime = new Date(Date.UTC(1985, 9, 26, 8, 15, 0));
    utimesSync(bundle, npmTime, npmTime);
    expect(recordedBundleDigest(bundle)).toBeUndefined();
    utimesSync(join(bundle, '..', BUNDLE_DIGESTS_FILE), npmTime, npmTime);
    expect(recordedBundleDigest(bundle)).toEqual({ sha: RECORDED, size: 16 });
  });

  test("the build's records are the bundles' real digests", () => {
    for (const name of ['package', 'payload', 'dummy-training', 'register']) {
      const path = scriptBundlePath(name);
      const recorded = recordedBundleDigest(path);
      expect(recorded, `${name}.mjs has a record matching its size and mtime`).toBeDefined();
      expect(recorded?.sha).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  });
});
