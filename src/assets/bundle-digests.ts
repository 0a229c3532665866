/**
 * The sha256 of a script bundle as the build recorded it (`dist/scripts/digests.json`, written by
 * scripts/bundle-scripts.mjs), so that compile need not hash megabytes of bundle on every run.
 * A recorded digest is trusted only while the bundle has the size and mtime it was written with
 * (git's index makes the same bet) or the fixed mtime npm gives every file of a package it
 * installs, when the digests file came out of the same package; anything else, and the caller
 * hashes the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const BUNDLE_DIGESTS_FILE = 'digests.json';

/** npm packs every file with this mtime (1985-10-26T08:15:00Z), so an installed package has it. */
const NPM_PACKED_MTIME_MS = Date.UTC(1985, 9, 26, 8, 15, 0);

interface Recorded {
  sha256: string;
  size: number;
  mtimeMs: number;
}

const byFolder = new Map<string, Record<string, Recorded> | undefined>();

function digestsOf(folder: string): Record<string, Recorded> | undefined {
  if (!byFolder.has(folder)) {
    let parsed: Record<string, Recorded> | undefined;
    try {
      const value = JSON.parse(readFileSync(join(folder, BUNDLE_DIGESTS_FILE), 'utf8')) as unknown;
      parsed = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Recorded>) : undefined;
    } catch {
      parsed = undefined;
    }
    byFolder.set(folder, parsed);
  }
  return byFolder.get(folder);
}

/** The recorded sha256 and size of the bundle at `path`, or undefined when it must be hashed. */
export function recordedBundleDigest(path: string): { sha: string; size: number } | undefined {
  const recorded = digestsOf(dirname(path))?.[basename(path)];
  if (!recorded || typeof recorded.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(recorded.sha256)) return undefined;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isFile() || stat.size !== recorded.size) return undefined;
  const packed = stat.mtimeMs === NPM_PACKED_MTIME_MS && statSync(join(dirname(path), BUNDLE_DIGESTS_FILE)).mtimeMs === NPM_PACKED_MTIME_MS;
  if (stat.mtimeMs !== recorded.mtimeMs && !packed) return undefined;
  return { sha: recorded.sha256, size: recorded.size };
}
