import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** A file tree as name -> bytes (folders implied). */
export type Tree = Map<string, Buffer>;

export async function tempDir(prefix = 'sagewire-archive-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function writeTree(dir: string, tree: Tree): Promise<void> {
  for (const [name, bytes] of tree) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), bytes);
  }
}

/** Every regular file under `dir`, as a Tree. */
export async function readTree(dir: string): Promise<Tree> {
  const out: Tree = new Map();
  const walk = async (path: string): Promise<void> => {
    for (const name of await readdir(path)) {
      const full = join(path, name);
      if ((await stat(full)).isDirectory()) await walk(full);
      else out.set(relative(dir, full), await readFile(full));
    }
  };
  await walk(dir);
  return out;
}

/** Extracts with GNU tar; returns the tree. */
export async function extractWithGnuTar(archive: string): Promise<Tree> {
  const dir = await tempDir('sagewire-gnutar-');
  execFileSync('tar', ['-xzf', archive, '-C', dir]);
  return readTree(dir);
}

/** Extracts with Python's tarfile (what SageMaker's containers use); returns the tree. */
export async function extractWithPython(archive: string): Promise<Tree> {
  const dir = await tempDir('sagewire-pytar-');
  const script = [
    'import sys, tarfile',
    't = tarfile.open(sys.argv[1])',
    "kw = {'filter': 'tar'} if hasattr(tarfile, 'tar_filter') else {}",
    't.extractall(sys.argv[2], **kw)',
  ].join('\n');
  execFileSync('python3', ['-c', script, archive, dir]);
  return readTree(dir);
}

/** Plain object form for readable equality failures. */
export function treeDigest(tree: Tree): Record<string, string> {
  return Object.fromEntries([...tree].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, bytes]) => [name, bytes.toString('base64')]));
}
