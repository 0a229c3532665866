/**
 * Collects the files a definition reads from S3 (script bundles, user scripts and folders,
 * config-derived JSON, local models) under content-hashed keys:
 * `s3://<bucket>/<pipeline>/code/<sha256>/<file>`. The same content always gets the same
 * key, so unchanged code never changes the definition.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { Asset, AssetManifest } from '../../assets/manifest.js';
import { ConfigError } from '../../errors.js';

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * sha256 and size of a file, read in chunks: a pretrained model can be larger than a Buffer
 * (2 GiB on Node 20). Synchronous, like the rest of compile.
 */
function sha256OfFileSync(path: string): { sha: string; size: number } {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
  const fd = openSync(path, 'r');
  let size = 0;
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      hash.update(chunk.subarray(0, n));
      size += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha: hash.digest('hex'), size };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export class AssetCollector {
  private readonly assets = new Map<string, Asset>();
  private readonly fileCache = new Map<string, { sha: string; size: number }>();
  private readonly folderCache = new Map<string, { prefix: string; assets: Asset[] }>();

  /** `bucket` and `pipelineName` form the key prefix `s3://<bucket>/<pipelineName>/code/`. */
  constructor(
    readonly bucket: string,
    readonly pipelineName: string,
  ) {}

  private uri(hash: string, file: string): string {
    return `s3://${this.bucket}/${this.pipelineName}/code/${hash}/${file}`;
  }

  private hashFile(path: string, field: string): { sha: string; size: number } {
    const cached = this.fileCache.get(path);
    if (cached) return cached;
    let entry: { sha: string; size: number };
    try {
      entry = sha256OfFileSync(path);
    } catch (err) {
      throw new ConfigError(`${field}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    this.fileCache.set(path, entry);
    return entry;
  }

  /** A local file, uploaded under its own name (or `asName`); returns its S3 URI. `field` names it in errors. */
  addFile(path: string, field: string, asName = basename(path)): string {
    const { sha, size } = this.hashFile(path, field);
    const uri = this.uri(sha, asName);
    this.assets.set(uri, { uri, sha256: sha, size, file: path });
    return uri;
  }

  /** Generated text (config JSON); returns its S3 URI. */
  addText(fileName: string, text: string): string {
    const sha = sha256(text);
    const uri = this.uri(sha, fileName);
    this.assets.set(uri, { uri, sha256: sha, size: Buffer.byteLength(text), text });
    return uri;
  }

  /**
   * A local folder, uploaded as a set of files under one prefix whose hash covers the sorted
   * relative paths and contents; returns the prefix (an `S3Prefix` input stages the folder).
   */
  addFolder(dir: string, field: string): string {
    let folder = this.folderCache.get(dir);
    if (!folder) {
      let isDir = false;
      try {
        isDir = statSync(dir).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) throw new ConfigError(`${field}: ${dir} is not a folder`);
      const files = listFiles(dir);
      if (files.length === 0) throw new ConfigError(`${field}: folder ${dir} is empty`);
      const entries = files.map((f) => ({ path: f, rel: relative(dir, f).split(sep).join('/'), ...this.hashFile(f, field) }));
      const hash = sha256(entries.map((e) => `${e.rel}\0${e.sha}\n`).join(''));
      folder = {
        prefix: `s3://${this.bucket}/${this.pipelineName}/code/${hash}`,
        assets: entries.map((e) => ({ uri: this.uri(hash, e.rel), sha256: e.sha, size: e.size, file: e.path })),
      };
      this.folderCache.set(dir, folder);
    }
    for (const a of folder.assets) this.assets.set(a.uri, a);
    return folder.prefix;
  }

  /** The manifest, assets sorted by URI. */
  manifest(): AssetManifest {
    const assets = [...this.assets.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    return { version: 1, pipelineName: this.pipelineName, assets };
  }
}
