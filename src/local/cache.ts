/**
 * Step result cache (a step's `CacheConfig`). Key: sha256 of the step type, its arguments
 * resolved with execution variables left symbolic (so the execution id in output URIs does
 * not defeat it), and the digest of its input objects, taken from the store before staging. An entry holds the describe-shaped
 * record of the run that produced it and the objects it wrote; it is used only while it is
 * younger than ExpireAfter and every one of those objects is still in the store.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { ObjectStore } from '../store/index.js';
import type { Json, JsonObject } from './definition.js';
import { objectFingerprint } from './staging.js';
import type { WrittenObject } from './step-context.js';

export interface CacheEntry {
  key: string;
  step: string;
  executionId: string;
  createdAt: string;
  record: JsonObject;
  /** Objects the run wrote, fingerprinted: a hit needs every one unchanged in the store. */
  outputs: WrittenObject[];
  /** The step's stdout result, shown again on a hit. */
  result?: string;
}

export function cacheKey(type: string, symbolicArgs: Json, inputDigest: string): string {
  return createHash('sha256').update(JSON.stringify({ type, args: symbolicArgs, inputs: inputDigest })).digest('hex');
}

/** ISO 8601 duration (`P30D`, `PT12H`, `P1DT2H30M`) in milliseconds; undefined when malformed. */
export function parseIsoDuration(d: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d);
  if (!m || d === 'P' || d.endsWith('T')) return undefined;
  const [, y, mo, w, day, h, mi, s] = m.map((x) => Number(x ?? 0));
  return ((((y! * 365 + mo! * 30 + w! * 7 + day!) * 24 + h!) * 60 + mi!) * 60 + s!) * 1000;
}

export class StepCache {
  constructor(
    readonly dir: string,
    private readonly store: ObjectStore,
  ) {}

  private pathOf(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /** The entry for a key if it is fresh and its objects are all still there. */
  async lookup(key: string, expireAfter?: string, now = Date.now()): Promise<CacheEntry | undefined> {
    let entry: CacheEntry;
    try {
      entry = JSON.parse(await readFile(this.pathOf(key), 'utf8')) as CacheEntry;
    } catch {
      return undefined;
    }
    const ttl = expireAfter ? parseIsoDuration(expireAfter) : undefined;
    if (ttl !== undefined && now - Date.parse(entry.createdAt) > ttl) return undefined;
    for (const out of entry.outputs) {
      if (typeof out !== 'object') return undefined;
      // Output URIs are often fixed (not per execution): a later run may have overwritten them.
      const now = await objectFingerprint(this.store, out.uri);
      if (now === undefined || (out.fingerprint !== undefined && now !== out.fingerprint)) return undefined;
    }
    return entry;
  }

  async save(entry: CacheEntry): Promise<void> {
    await writeFileAtomic(this.pathOf(entry.key), JSON.stringify(entry, null, 2));
  }
}
