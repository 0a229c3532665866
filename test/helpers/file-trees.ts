/**
 * Small random file trees for property-based tests of the scripts, and independent readers of
 * what they produce: GNU tar and Python's tarfile (never our own archive code).
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PYTHON_EXTRACT } from '../../src/archive/test-support/readers.js';
import fc from 'fast-check';

const run = promisify(execFile);

/** Relative path -> bytes for files; relative paths of (possibly empty) folders. */
export interface FileTree {
  files: Map<string, Buffer>;
  dirs: Set<string>;
}

const segment = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_.-]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom('with space', 'é-ü', '日本', 'a+b=c', "it's", '#hash', '-dash', 'x'.repeat(120)) },
).filter((s) => s !== '.' && s !== '..');

const content = fc.oneof(
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.integer({ min: 511, max: 1025 }).map((n) => Buffer.alloc(n, 7)) },
);

/**
 * A tree of up to `maxFiles` files nested up to 3 folders deep, odd names (spaces, unicode,
 * names past 100 bytes), empty files, and optionally empty folders. No path is both a file
 * and a folder.
 */
export function fileTree(options: { maxFiles?: number; emptyDirs?: boolean; minFiles?: number } = {}): fc.Arbitrary<FileTree> {
  const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
  return fc
    .record({
      files: fc.array(fc.tuple(path, content), { minLength: options.minFiles ?? 0, maxLength: options.maxFiles ?? 6 }),
      dirs: options.emptyDirs ? fc.array(path, { maxLength: 2 }) : fc.constant([] as string[]),
    })
    .map(({ files, dirs }) => {
      const tree: FileTree = { files: new Map(), dirs: new Set() };
      const taken = (p: string) =>
        tree.files.has(p) || tree.dirs.has(p) || [...tree.files.keys(), ...tree.dirs].some((q) => q.startsWith(`${p}/`) || p.startsWith(`${q}/`));
      for (const [p, bytes] of files) if (!taken(p)) tree.files.set(p, bytes);
      for (const d of dirs) if (!taken(d)) tree.dirs.add(d);
      return tree;
    });
}

/** Writes a tree under `root`. */
export async function writeTree(root: string, tree: FileTree): Promise<void> {
  await mkdir(root, { recursive: true });
  for (const d of tree.dirs) await mkdir(join(root, d), { recursive: true });
  for (const [p, bytes] of tree.files) {
    await mkdir(join(root, p, '..'), { recursive: true });
    await writeFile(join(root, p), bytes);
  }
}

/** Reads a folder back as a tree; `dirs` holds only folders without files below them. */
export async function readTree(root: string): Promise<FileTree> {
  const tree: FileTree = { files: new Map(), dirs: new Set() };
  const walk = async (rel: string): Promise<boolean> => {
    const entries = await readdir(join(root, rel), { withFileTypes: true });
    let hasFiles = false;
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!(await walk(p))) tree.dirs.add(p);
        hasFiles = true;
      } else if (e.isFile()) {
        tree.files.set(p, await readFile(join(root, p)));
        hasFiles = true;
      } else {
        throw new Error(`unexpected entry type at ${p}`);
      }
    }
    return hasFiles;
  };
  await walk('');
  return tree;
}

/** Plain objects of a tree, for toEqual with readable diffs. */
export function treeSnapshot(tree: FileTree): { files: Record<string, string>; dirs: string[] } {
  return {
    files: Object.fromEntries([...tree.files].sort(([a], [b]) => a.localeCompare(b)).map(([p, b]) => [p, b.toString('base64')])),
    dirs: [...tree.dirs].sort(),
  };
}

/** A tree with `extra` files laid over it at `prefix` (later wins); empty folders that gain files stop being empty. */
export function overlay(base: FileTree, extra: FileTree, prefix = ''): FileTree {
  const files = new Map(base.files);
  for (const [p, b] of extra.files) files.set(prefix + p, b);
  const dirs = new Set([...base.dirs, ...[...extra.dirs].map((d) => prefix + d)]);
  for (const d of [...dirs]) if ([...files.keys()].some((f) => f.startsWith(`${d}/`))) dirs.delete(d);
  return { files, dirs };
}

/** `tar -czf archive -C dir .` with GNU tar (entries get a `./` prefix). */
export async function gnuTarCreate(archive: string, dir: string): Promise<void> {
  await run('tar', ['-czf', archive, '-C', dir, '.']);
}

/** Extracts with GNU tar into `dir`. */
export async function gnuTarExtract(archive: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await run('tar', ['-xzf', archive, '-C', dir]);
}

/**
 * Extracts with Python's tarfile (the `data` filter, as Python 3.14 defaults to, where the
 * interpreter has it: Debian's 3.11.2 does not) into `dir`.
 */
export async function pythonTarExtract(archive: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await run('python3', ['-c', PYTHON_EXTRACT, archive, dir]);
}

/** Entry names of an archive as GNU tar lists them, in archive order. */
export async function gnuTarList(archive: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', archive]);
  return stdout.split('\n').filter(Boolean);
}
