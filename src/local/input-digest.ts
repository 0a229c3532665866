/**
 * The content digest of a step's inputs, computed from the store before anything is staged
 * (so a cached step copies nothing). Each object's sha256 is memoized by its fingerprint
 * (folder store: inode, size, mtime — like git's index), so unchanged 100 MB inputs are
 * hashed once, not on every run; an S3 store's sha256 metadata is used when present.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { FolderStore, parseS3Uri, relativeKey, type ObjectStore } from '../store/index.js';
import { sha256File } from '../fs/sha256-file.js';
import { objectFingerprint } from './staging.js';

/** One input of a step: where it is staged (container path) and the S3 prefix it comes from. */
export interface StepInputRef {
  path: string;
  uri: string;
}

export class InputDigests {
  constructor(
    private readonly store: ObjectStore,
    /** Memo folder (`.sagewire/cache/objects`). */
    private readonly memoDir: string,
  ) {}

  /** sha256 over every input's path and, per object under its prefix, relative key and content sha256. */
  async digest(inputs: readonly StepInputRef[]): Promise<string> {
    const h = createHash('sha256');
    for (const input of inputs) {
      h.update(`input\0${input.path}\0`);
      const prefixKey = parseS3Uri(input.uri).key;
      for (const obj of await this.store.list(input.uri)) {
        const rel = relativeKey(prefixKey, parseS3Uri(obj.uri).key);
        if (rel === undefined) continue;
        h.update(`object\0${rel}\0${await this.sha256(obj.uri)}\0`);
      }
    }
    return h.digest('hex');
  }

  /** Hashes in flight, so parallel steps reading the same object hash it once. */
  private readonly pending = new Map<string, Promise<string>>();

  private async sha256(uri: string): Promise<string> {
    const fp = await objectFingerprint(this.store, uri);
    const id = `${uri}\0${fp}`;
    let p = this.pending.get(id);
    if (!p) {
      p = this.hash(uri, fp);
      this.pending.set(id, p);
    }
    return p;
  }

  private async hash(uri: string, fp: string | undefined): Promise<string> {
    if (fp?.startsWith('sha256:')) return fp.slice('sha256:'.length);
    if (!fp || !(this.store instanceof FolderStore)) return `missing:${uri}`;
    const memo = join(this.memoDir, createHash('sha256').update(`${uri}\0${fp}`).digest('hex'));
    const known = await readFile(memo, 'utf8').catch(() => undefined);
    if (known && /^[0-9a-f]{64}$/.test(known)) return known;
    const sha = (await sha256File(this.store.pathOf(uri))).sha256;
    await writeFileAtomic(memo, sha);
    return sha;
  }
}
