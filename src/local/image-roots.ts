/**
 * `sagewire run --image-root`: run steps inside an image's root file system instead of the
 * host's. A spec is `<dir|tar>` (every step) or `<ImageUri prefix>=<dir|tar>` (steps whose
 * image starts with the prefix; the longest matching prefix wins, then a spec without one).
 * A tar (e.g. from `docker export` or `crane export`) is unpacked once with GNU tar into the
 * machine's cache, keyed by its sha256, under a lock; the root is never written by a step.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sagewireCacheDir } from '../assets/node-runtime-cache.js';
import { UsageError } from '../errors.js';
import { withFileLock } from '../fs/file-lock.js';
import { sha256File } from '../fs/sha256-file.js';

export interface ImageRootRule {
  /** ImageUri prefix; undefined: every step not matched by a prefix. */
  prefix?: string;
  /** A root file system folder. */
  root: string;
}

/** Splits `prefix=path` (a prefix never starts with `/` or `.`) from a plain path. */
export function parseImageRootSpec(spec: string, cwd: string): { prefix?: string; path: string } {
  const eq = spec.indexOf('=');
  const head = eq > 0 ? spec.slice(0, eq) : '';
  if (head && !head.startsWith('/') && !head.startsWith('.')) return { prefix: head, path: resolve(cwd, spec.slice(eq + 1)) };
  return { path: resolve(cwd, spec) };
}

async function unpackTar(tar: string, log: (l: string) => void): Promise<string> {
  const { sha256 } = await sha256File(tar);
  const base = join(sagewireCacheDir(), 'image-roots');
  const root = join(base, sha256.slice(0, 32));
  const done = join(root, '.sagewire-unpacked');
  if (existsSync(done)) return root;
  await mkdir(base, { recursive: true });
  return withFileLock(`${root}.lock`, async () => {
    if (existsSync(done)) return root;
    const tmp = `${root}.tmp`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    log(`unpacking image root ${tar} into ${root} (once)`);
    // Device nodes cannot be made without privileges and are never used: the sandbox has its own /dev.
    const r = spawnSync('tar', ['-xf', tar, '-C', tmp, '--exclude=./dev/*', '--exclude=dev/*'], { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
    if (r.status !== 0) {
      await rm(tmp, { recursive: true, force: true });
      throw new UsageError(`--image-root ${tar}: GNU tar could not unpack it: ${(r.stderr || r.error?.message || '').trim().slice(-500)}`);
    }
    await writeFile(join(tmp, '.sagewire-unpacked'), `${sha256}\n`);
    await rm(root, { recursive: true, force: true });
    await rename(tmp, root);
    return root;
  });
}

/** Resolves the CLI specs to root folders (a tar is unpacked on first use). */
export async function resolveImageRoots(specs: string[], cwd: string, log: (l: string) => void = () => {}): Promise<ImageRootRule[]> {
  const rules: ImageRootRule[] = [];
  for (const spec of specs) {
    const { prefix, path } = parseImageRootSpec(spec, cwd);
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new UsageError(`--image-root ${spec}: ${path} does not exist (give a root file system folder or a tar of one)`);
    }
    const root = st.isDirectory() ? path : await unpackTar(path, log);
    if (!existsSync(join(root, 'bin', 'sh')) && !existsSync(join(root, 'usr', 'bin', 'sh'))) {
      throw new UsageError(`--image-root ${spec}: ${root} has no /bin/sh; is it a root file system (docker export / crane export)?`);
    }
    if (rules.some((r) => r.prefix === prefix)) throw new UsageError(`--image-root ${spec}: ${prefix ? `prefix ${prefix}` : 'a root for every step'} is given twice`);
    rules.push({ ...(prefix ? { prefix } : {}), root });
  }
  return rules;
}

/** The root a step with this image runs in: the longest matching prefix, else the catch-all. */
export function imageRootFor(imageUri: string | undefined, rules: readonly ImageRootRule[]): string | undefined {
  const matching = rules.filter((r) => r.prefix !== undefined && imageUri?.startsWith(r.prefix)).sort((a, b) => b.prefix!.length - a.prefix!.length);
  return (matching[0] ?? rules.find((r) => r.prefix === undefined))?.root;
}
