/**
 * Collects the files a definition reads from S3 (script bundles, user scripts and folders,
 * config-derived JSON, local models) under content-hashed keys:
 * `s3://<bucket>/<pipeline>/code/<sha256>/<file>`. The same content always gets the same
 * key, so unchanged code never changes the definition.
 */
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, readdirSync, readSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { Asset, AssetManifest } from '../../assets/manifest.js';
import { ConfigError, type Issue } from '../../errors.js';
import { kindOf, openRegularFileSync } from '../../fs/input-file.js';
import { NODE_RUNTIME, RUNTIME_BINARY_NAME, RUNTIME_LICENSE_NAME } from '../../assets/node-runtime.js';

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * sha256 and size of a regular file, read in chunks: a pretrained model can be larger than a
 * Buffer (2 GiB on Node 20). Synchronous, like the rest of compile. A FIFO, a device or a
 * /proc file is refused, never read.
 */
function sha256OfFileSync(path: string): { ok: true; sha: string; size: number } | { ok: false; reason: string } {
  const opened = openRegularFileSync(path);
  if (!opened.ok) return opened;
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
  let size = 0;
  try {
    for (let n = readSync(opened.fd, chunk); n > 0; n = readSync(opened.fd, chunk)) {
      hash.update(chunk.subarray(0, n));
      size += n;
    }
  } catch (err) {
    return { ok: false, reason: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    closeSync(opened.fd);
  }
  return { ok: true, sha: hash.digest('hex'), size };
}

/**
 * Every regular file under `dir` (iteratively, sorted). Anything else inside (a symbolic link,
 * a dangling link, a FIFO, a device, an unreadable subfolder) is a problem naming the entry:
 * it would be dropped from the upload without a word otherwise.
 */
function listFiles(dir: string): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const d = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      problems.push(`${d}: cannot read the folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      continue;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) pending.push(p);
      else if (e.isFile()) files.push(p);
      else if (e.isSymbolicLink()) problems.push(`${p}: a symbolic link (only regular files and folders are uploaded; copy the file in instead)`);
      else problems.push(`${p}: ${kindOf(lstatSync(p))}, not a regular file`);
    }
  }
  return { files: files.sort(), problems: problems.sort() };
}

export interface AssetCollectorOptions {
  /**
   * Record a file problem (and carry on with a placeholder URI) instead of throwing it, so that
   * every unreadable path of every step is reported at once; see `problems()`.
   */
  collectProblems?: boolean;
}

export class AssetCollector {
  private readonly assets = new Map<string, Asset>();
  private readonly fileCache = new Map<string, { sha: string; size: number }>();
  private readonly folderCache = new Map<string, { prefix: string; assets: Asset[] }>();
  private readonly found: Issue[] = [];
  private readonly collect: boolean;

  /** `bucket` and `pipelineName` form the key prefix `s3://<bucket>/<pipelineName>/code/`. */
  constructor(
    readonly bucket: string,
    readonly pipelineName: string,
    options: AssetCollectorOptions = {},
  ) {
    this.collect = options.collectProblems ?? false;
  }

  /** The file problems recorded so far (with `collectProblems`), one per path. */
  problems(): Issue[] {
    return [...this.found];
  }

  private problem(field: string, message: string): void {
    const issue = { path: field, message };
    if (!this.collect) throw new ConfigError(`${field}: ${message}`);
    if (!this.found.some((i) => i.path === issue.path && i.message === issue.message)) this.found.push(issue);
  }

  private uri(hash: string, file: string): string {
    return `s3://${this.bucket}/${this.pipelineName}/code/${hash}/${file}`;
  }

  private hashFile(path: string, field: string): { sha: string; size: number } {
    const cached = this.fileCache.get(path);
    if (cached) return cached;
    const hashed = sha256OfFileSync(path);
    if (!hashed.ok) {
      this.problem(field, `cannot read ${path} (${hashed.reason})`);
      return { sha: sha256(`unreadable:${path}`), size: 0 };
    }
    const entry = { sha: hashed.sha, size: hashed.size };
    this.fileCache.set(path, entry);
    return entry;
  }

  /**
   * A local file, uploaded under its own name (or `asName`); returns its S3 URI. `field` names it
   * in errors. `recorded`: its digest as the build recorded it (a script bundle), not hashed again.
   */
  addFile(path: string, field: string, asName = basename(path), recorded?: { sha: string; size: number }): string {
    const { sha, size } = recorded ?? this.hashFile(path, field);
    const uri = this.uri(sha, asName);
    this.assets.set(uri, { uri, sha256: sha, size, file: path });
    return uri;
  }

  /** Records why `dir` cannot be uploaded as a folder, if it cannot (nothing is listed or hashed). */
  checkFolder(dir: string, field: string): void {
    const refused = folderProblem(dir);
    if (refused) this.problem(field, refused);
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
      const refused = folderProblem(dir);
      if (refused) {
        this.problem(field, refused);
        return `s3://${this.bucket}/${this.pipelineName}/code/${sha256(`unreadable:${dir}`)}`;
      }
      const { files, problems } = listFiles(dir);
      for (const p of problems) this.problem(field, p);
      if (files.length === 0 && problems.length === 0) this.problem(field, `folder ${dir} is empty`);
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

  /**
   * The pinned Node runtime (binary and licence) under `code/<binary sha256>/`; returns that
   * prefix. Known from the pins alone: nothing is read or fetched now.
   */
  addNodeRuntime(): string {
    const pin = NODE_RUNTIME;
    const prefix = `s3://${this.bucket}/${this.pipelineName}/code/${pin.binary.sha256}`;
    const binary = { uri: `${prefix}/${RUNTIME_BINARY_NAME}`, sha256: pin.binary.sha256, size: pin.binary.size, runtime: 'node' as const };
    const license = { uri: `${prefix}/${RUNTIME_LICENSE_NAME}`, sha256: pin.license.sha256, size: pin.license.size, runtime: 'license' as const };
    this.assets.set(binary.uri, binary);
    this.assets.set(license.uri, license);
    return prefix;
  }

  /** The manifest, assets sorted by URI. */
  manifest(): AssetManifest {
    const assets = [...this.assets.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    return { version: 1, pipelineName: this.pipelineName, assets };
  }
}

/** Why `dir` cannot be uploaded as a folder, or undefined when it can be listed. */
function folderProblem(dir: string): string | undefined {
  let stats;
  try {
    stats = lstatSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${dir} is not a folder (ENOENT: it does not exist)` : `cannot read the folder ${dir} (${code ?? String(err)})`;
  }
  if (stats.isSymbolicLink()) {
    try {
      stats = lstatSync(join(dir, '.'));
    } catch (err) {
      return `${dir} is a dangling symbolic link (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    }
  }
  if (!stats.isDirectory()) return `${dir} is not a folder (it is ${stats.isFile() ? 'a file' : kindOf(stats)})`;
  try {
    readdirSync(dir);
  } catch (err) {
    return `cannot read the folder ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  return undefined;
}
