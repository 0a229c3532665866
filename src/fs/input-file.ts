/**
 * Reading a file a user named, treating it as untrusted: only a regular file is read (a FIFO
 * would block forever, /dev/zero never ends, /proc and /sys files are the machine's state, not
 * the user's data), and never more than a stated number of bytes. The open itself never blocks
 * (O_NONBLOCK; it changes nothing for a regular file). Callers turn a refusal into their own
 * layer's error: the reason is a short phrase to put after the path.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statfsSync, type Stats } from 'node:fs';

export type InputRefusal = { ok: false; reason: string };
export type OpenedInput = { ok: true; fd: number; size: number };
export type ReadInput = { ok: true; bytes: Buffer };

/** statfs magic numbers of the kernel's pseudo file systems (linux/magic.h). */
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroupfs'],
  [0x63677270, 'cgroup2fs'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0xcafe4a11, 'bpffs'],
]);

/** What a non-regular file is, in words. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function errnoReason(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/** The pseudo file system `path` lives on, if any. */
function pseudoFilesystemOf(path: string): string | undefined {
  try {
    return PSEUDO_FILESYSTEMS.get(Number(statfsSync(path).type));
  } catch {
    return undefined;
  }
}

/** Opens `path` for reading if it is a regular file on a real file system; the caller closes `fd`. */
export function openRegularFileSync(path: string): OpenedInput | InputRefusal {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') return { ok: false, reason: 'a folder, not a file' };
    return { ok: false, reason: errnoReason(err) };
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (err) {
    closeSync(fd);
    return { ok: false, reason: errnoReason(err) };
  }
  if (!stats.isFile()) {
    closeSync(fd);
    return { ok: false, reason: `${kindOf(stats)}, not a regular file` };
  }
  const pseudo = pseudoFilesystemOf(path);
  if (pseudo) {
    closeSync(fd);
    return { ok: false, reason: `a file of the kernel's ${pseudo}, not a regular file` };
  }
  return { ok: true, fd, size: stats.size };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 3 : 1)} MiB`;
}

/** Reads a whole regular file of at most `maxBytes` (checked before reading and while reading). */
export function readRegularFileSync(path: string, maxBytes: number): ReadInput | InputRefusal {
  const opened = openRegularFileSync(path);
  if (!opened.ok) return opened;
  const { fd, size } = opened;
  try {
    if (size > maxBytes) return { ok: false, reason: `${mib(size)}, over the ${mib(maxBytes)} limit` };
    // Read to end, not to the stat size: the file may have grown; never past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size - total, 64 * 1024), maxBytes + 1 - total));
      if (chunk.length === 0) return { ok: false, reason: `over the ${mib(maxBytes)} limit` };
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { ok: false, reason: `over the ${mib(maxBytes)} limit` };
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (err) {
    return { ok: false, reason: errnoReason(err) };
  } finally {
    closeSync(fd);
  }
}

/** Whether a refusal means the path does not exist (callers may word that one differently). */
export function isMissing(refusal: InputRefusal): boolean {
  return refusal.reason === 'ENOENT';
}
