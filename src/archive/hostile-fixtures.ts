/**
 * Hostile archives, generated: each case builds the bytes of one bad .tar.gz (or file) and says
 * what the engine must answer. The archive tests run them through the library; the scripts'
 * tests can run the same cases through the CLI.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import zlib from 'node:zlib';
import type { ArchiveLimits } from './limits.js';

/** One raw tar member to encode (fields written as given, hostile or not). */
export interface RawMember {
  name: string;
  /** Tar type flag: '0' file, '1' hard link, '2' symlink, '3'/'4' devices, '5' folder, '6' fifo... */
  type?: string;
  body?: Buffer;
  /** Size field, when it must differ from the body's length. */
  size?: number;
  linkname?: string;
  mode?: number;
}

/** A 512-byte ustar header with a correct checksum. */
export function rawHeader(member: RawMember): Buffer {
  const block = Buffer.alloc(512);
  block.write(member.name, 0, 100, 'utf8');
  block.write(`${(member.mode ?? 0o644).toString(8).padStart(7, '0')}\0`, 100, 8, 'latin1');
  block.write('0000000\0', 108, 8, 'latin1');
  block.write('0000000\0', 116, 8, 'latin1');
  const size = member.size ?? member.body?.length ?? 0;
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'latin1');
  block.write(`${(1_700_000_000).toString(8).padStart(11, '0')}\0`, 136, 12, 'latin1');
  block.write(member.type ?? '0', 156, 1, 'latin1');
  if (member.linkname) block.write(member.linkname, 157, 100, 'utf8');
  block.write('ustar\x0000', 257, 8, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return block;
}

/** A tar stream of the members (bodies padded) followed by the end-of-archive marker. */
export function rawTar(members: RawMember[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const member of members) {
    parts.push(rawHeader(member));
    if (member.body && member.body.length > 0) {
      parts.push(member.body, Buffer.alloc((512 - (member.body.length % 512)) % 512));
    }
  }
  if (options.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const gz = (tar: Buffer): Buffer => zlib.gzipSync(tar);
const text = (value: string): Buffer => Buffer.from(value);
const ok = (name: string): RawMember => ({ name, body: text(`contents of ${name}\n`) });

/** What a hostile case expects: an ArchiveError naming `entry` and matching `message`. */
export interface HostileCase {
  name: string;
  /** The archive (or not-an-archive) bytes. */
  build: () => Buffer;
  /** The entry the error names (`undefined`: a whole-file problem; the message names the file). */
  entry?: string;
  message: RegExp;
  limits?: Partial<ArchiveLimits>;
}

function withTrailer(edit: (bytes: Buffer) => void): () => Buffer {
  return () => {
    const bytes = Buffer.from(gz(rawTar([ok('model.bin')])));
    edit(bytes);
    return bytes;
  };
}

/** The cases; every one must be refused with an ArchiveError and leave no output behind. */
export const HOSTILE_CASES: HostileCase[] = [
  { name: 'dot-dot traversal', build: () => gz(rawTar([ok('../evil.txt')])), entry: '../evil.txt', message: /'\.\.'/ },
  { name: 'nested traversal', build: () => gz(rawTar([ok('a/../../evil.txt')])), entry: 'a/../../evil.txt', message: /'\.\.'/ },
  { name: 'absolute path', build: () => gz(rawTar([ok('/etc/cron.d/evil')])), entry: '/etc/cron.d/evil', message: /absolute/ },
  { name: 'symlink escape', build: () => gz(rawTar([{ name: 'link', type: '2', linkname: '../../etc' }])), entry: 'link', message: /leaves the archive root/ },
  { name: 'symlink to absolute path', build: () => gz(rawTar([{ name: 'link', type: '2', linkname: '/etc/passwd' }])), entry: 'link', message: /absolute/ },
  {
    name: 'symlink escape through another symlink',
    build: () => gz(rawTar([{ name: 'd/up', type: '2', linkname: '..' }, { name: 'sneaky', type: '2', linkname: 'd/up/../x' }])),
    entry: 'sneaky',
    message: /through other symlinks/,
  },
  { name: 'symlink loop', build: () => gz(rawTar([{ name: 'a', type: '2', linkname: 'b/x' }, { name: 'b', type: '2', linkname: 'a' }])), entry: 'a', message: /loop/ },
  { name: 'hard link escape', build: () => gz(rawTar([{ name: 'hl', type: '1', linkname: '../outside' }])), entry: 'hl', message: /leaves the archive root/ },
  { name: 'hard link to absolute path', build: () => gz(rawTar([{ name: 'hl', type: '1', linkname: '/etc/shadow' }])), entry: 'hl', message: /leaves the archive root/ },
  { name: 'hard link to a missing file', build: () => gz(rawTar([{ name: 'hl', type: '1', linkname: 'nothing' }])), entry: 'hl', message: /not an earlier file/ },
  {
    name: 'symlink then file through it',
    build: () => gz(rawTar([{ name: 'dir', type: '2', linkname: 'sub' }, ok('dir/payload.sh')])),
    entry: 'dir/payload.sh',
    message: /through the symlink 'dir'/,
  },
  { name: 'character device', build: () => gz(rawTar([{ name: 'dev/tty', type: '3' }])), entry: 'dev/tty', message: /character device/ },
  { name: 'block device', build: () => gz(rawTar([{ name: 'dev/sda', type: '4' }])), entry: 'dev/sda', message: /block device/ },
  { name: 'fifo', build: () => gz(rawTar([{ name: 'pipe', type: '6' }])), entry: 'pipe', message: /fifo/ },
  { name: 'GNU sparse file', build: () => gz(rawTar([{ name: 'sparse', type: 'S' }])), entry: 'sparse', message: /sparse/ },
  {
    name: 'bomb by total size',
    build: () => gz(rawTar([{ name: 'a.bin', body: Buffer.alloc(600 * 1024, 1) }, { name: 'big.bin', body: Buffer.alloc(600 * 1024, 1) }])),
    limits: { maxTotalBytes: 1024 * 1024 },
    entry: 'big.bin',
    message: /maxTotalBytes/,
  },
  {
    name: 'bomb by entry size',
    build: () => gz(rawTar([{ name: 'big.bin', body: Buffer.alloc(300 * 1024, 1) }])),
    limits: { maxEntryBytes: 100 * 1024 },
    entry: 'big.bin',
    message: /maxEntryBytes/,
  },
  {
    name: 'bomb by entry count',
    build: () => gz(rawTar(Array.from({ length: 30 }, (_, i) => ok(`f${i}.txt`)))),
    limits: { maxEntries: 20 },
    entry: 'f20.txt',
    message: /maxEntries/,
  },
  {
    name: 'bomb by compression ratio',
    build: () => gz(rawTar([{ name: 'zeros.bin', body: Buffer.alloc(40 * 1024 * 1024) }])),
    entry: 'zeros.bin',
    message: /compression ratio/,
  },
  {
    name: 'truncated tar',
    build: () => gz(rawTar([ok('a.txt'), { name: 'b.bin', body: Buffer.alloc(4096, 7) }]).subarray(0, 512 * 4)),
    entry: 'b.bin',
    message: /truncated/,
  },
  {
    name: 'tar without end-of-archive marker',
    build: () => gz(rawTar([ok('a.txt')], { end: false })),
    entry: 'a.txt',
    message: /end-of-archive/,
  },
  {
    name: 'truncated gzip',
    build: () => {
      const bytes = gz(rawTar([ok('a.txt'), { name: 'noise.bin', body: Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 251)) }]));
      return bytes.subarray(0, bytes.length - 200);
    },
    entry: 'noise.bin',
    message: /truncated/,
  },
  { name: 'bad CRC', build: withTrailer((b) => (b[b.length - 8] = ((b[b.length - 8] as number) ^ 0xff))), entry: 'model.bin', message: /CRC/ },
  { name: 'bad length', build: withTrailer((b) => (b[b.length - 4] = ((b[b.length - 4] as number) ^ 0x01))), entry: 'model.bin', message: /length mismatch/ },
  { name: 'garbage after the end', build: () => Buffer.concat([gz(rawTar([ok('a.txt')])), text('garbage')]), entry: 'a.txt', message: /garbage after the end/ },
  { name: 'zero padding after the end', build: () => Buffer.concat([gz(rawTar([ok('a.txt')])), Buffer.alloc(512)]), entry: 'a.txt', message: /garbage after the end/ },
  { name: 'empty file', build: () => Buffer.alloc(0), message: /empty file/ },
  { name: 'not gzip at all', build: () => text('this is a text file, not an archive\n'.repeat(40)), message: /neither gzip nor tar/ },
  {
    name: 'members hidden after the end-of-archive marker',
    build: () => gz(Buffer.concat([rawTar([ok('a.txt')]), rawTar([ok('hidden.sh')])])),
    entry: 'a.txt',
    message: /after the end-of-archive marker/,
  },
  {
    name: 'duplicate: symlink then file of the same name',
    build: () => gz(rawTar([{ name: 'config.json', type: '2', linkname: 'real.json' }, ok('config.json')])),
    entry: 'config.json',
    message: /duplicate entry/,
  },
  {
    name: 'duplicate: file then hard link of the same name',
    build: () => gz(rawTar([ok('a.txt'), ok('b.txt'), { name: 'a.txt', type: '1', linkname: 'b.txt' }])),
    entry: 'a.txt',
    message: /duplicate entry/,
  },
  {
    name: 'duplicate of a hard-linked file',
    build: () => gz(rawTar([ok('a.txt'), { name: 'b.txt', type: '1', linkname: 'a.txt' }, ok('a.txt')])),
    entry: 'a.txt',
    message: /hard-linked/,
  },
  { name: 'file over a directory', build: () => gz(rawTar([{ name: 'code/', type: '5', mode: 0o755 }, ok('code')])), entry: 'code', message: /over a directory/ },
  { name: 'directory over a file', build: () => gz(rawTar([ok('code'), { name: 'code/', type: '5', mode: 0o755 }])), entry: 'code', message: /directory over/ },
  { name: 'file under a file', build: () => gz(rawTar([ok('weights'), ok('weights/evil')])), entry: 'weights/evil', message: /is a file/ },
  {
    name: 'bad header checksum',
    build: () => {
      const tar = rawTar([ok('a.txt')]);
      tar[10] = 0x41;
      return gz(tar);
    },
    message: /checksum/,
  },
  { name: 'symlink carrying content', build: () => gz(rawTar([{ name: 'l', type: '2', linkname: 'x', size: 10 }])), entry: 'l', message: /declares 10 bytes/ },
];

/** Writes every case as `<dir>/<index>-<slug>.tar.gz`; returns the paths with their cases. */
export async function writeHostileFixtures(dir: string): Promise<{ path: string; hostile: HostileCase }[]> {
  await mkdir(dir, { recursive: true });
  const out: { path: string; hostile: HostileCase }[] = [];
  for (const [index, hostile] of HOSTILE_CASES.entries()) {
    const slug = hostile.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const path = join(dir, `${String(index).padStart(2, '0')}-${slug}.tar.gz`);
    await writeFile(path, hostile.build());
    out.push({ path, hostile });
  }
  return out;
}

/** A member with setuid, setgid, sticky and world-writable bits: accepted, the bits stripped. */
export const SETUID_CASE = { build: () => gz(rawTar([{ name: 'run.sh', body: text('#!/bin/sh\n'), mode: 0o7777 }])), entry: 'run.sh', mode: 0o775 };
