/**
 * What the mainstream readers make of an archive, as one comparable shape: GNU tar and CPython's
 * tarfile (filter='data') extract it into a folder that is then walked; sagewire's view comes
 * from scanArchive. Each is a sorted map of path -> `dir`, `link:<target>` or `file:<sha256>`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { scanArchive } from '../scan.js';
import { ancestorsOf } from '../entry-name.js';

const run = promisify(execFile);

export type Reading = Record<string, string>;

const digest = (bytes: Buffer): string => `file:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;

/** Walks an extracted folder (symlinks are not followed). */
export async function readFolder(dir: string): Promise<Reading> {
  const out: Reading = {};
  const walk = async (path: string): Promise<void> => {
    for (const name of await readdir(path)) {
      const full = join(path, name);
      const rel = relative(dir, full);
      const info = await lstat(full);
      if (info.isSymbolicLink()) out[rel] = `link:${await readlink(full)}`;
      else if (info.isDirectory()) {
        out[rel] = 'dir';
        await walk(full);
      } else out[rel] = digest(await readFile(full));
    }
  };
  await walk(dir);
  return sorted(out);
}

function sorted(reading: Reading): Reading {
  return Object.fromEntries(Object.entries(reading).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function extractedBy(archive: string, extract: (dir: string) => Promise<unknown>): Promise<Reading> {
  const dir = await mkdtemp(join(tmpdir(), 'sagewire-reader-'));
  try {
    await extract(dir);
    return await readFolder(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** GNU tar's extraction (`tar -xf`, compression detected). */
export function gnuTarReading(archive: string): Promise<Reading> {
  return extractedBy(archive, (dir) => run('tar', ['-xf', archive, '-C', dir, '--no-same-owner']));
}

/** `python3 -c` it with archive, folder pairs: each archive extracted by CPython's tarfile into its folder. */
export const PYTHON_EXTRACT = [
  'import sys, tarfile',
  // Debian's 3.11.2 predates PEP 706 filters (3.11.4): extract without one there.
  "kw = {'filter': 'data'} if hasattr(tarfile, 'data_filter') else {}",
  'for archive, dest in zip(sys.argv[1::2], sys.argv[2::2]):',
  '    with tarfile.open(archive) as t:',
  '        t.extractall(dest, **kw)',
].join('\n');

/** CPython's extraction with the PEP 706 'data' filter (what a careful Python consumer does). */
export async function pythonReading(archive: string): Promise<Reading> {
  return (await pythonReadings([archive]))[0] as Reading;
}

/** pythonReading of several archives in one interpreter (a start costs more than a small archive). */
export async function pythonReadings(archives: string[]): Promise<Reading[]> {
  const dirs = await Promise.all(archives.map(() => mkdtemp(join(tmpdir(), 'sagewire-reader-'))));
  try {
    await run('python3', ['-c', PYTHON_EXTRACT, ...archives.flatMap((archive, i) => [archive, dirs[i] as string])]);
    return await Promise.all(dirs.map(readFolder));
  } finally {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** What sagewire's scan reads: the last occurrence of a file wins, hard links read as their target. */
export async function sagewireReading(archive: string): Promise<Reading> {
  const out: Reading = {};
  const files = new Map<string, string>();
  await scanArchive(archive, {
    onEntry: async (entry, body) => {
      for (const ancestor of ancestorsOf(entry.name)) out[ancestor] ??= 'dir';
      if (entry.type === 'directory') out[entry.name] = 'dir';
      else if (entry.type === 'symlink') out[entry.name] = `link:${entry.linkname}`;
      else if (entry.type === 'link') out[entry.name] = files.get(entry.linkname as string) as string;
      else if (body) {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk as Buffer);
        const value = digest(Buffer.concat(chunks));
        files.set(entry.name, value);
        out[entry.name] = value;
      }
    },
  });
  return sorted(out);
}
