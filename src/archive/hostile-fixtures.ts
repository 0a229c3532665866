/**
 * Hostile archives, generated: each case builds the bytes of one bad .tar.gz (or file) and says
 * what the engine must answer. The archive tests run them through the library; the scripts'
 * tests can run the same cases through the CLI.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { indexedHeader, indexedHeaderLength, MemberTable } from './gzip-index.js';
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
  /** Bytes 257-264: POSIX ustar (default), old GNU (`ustar  \0`) or none (v7). */
  magic?: 'posix' | 'gnu' | 'v7' | string;
  /** The ustar prefix field (byte 345), written whatever the magic. */
  prefix?: string;
  /** Raw bytes for number fields, written as given (hostile encodings). */
  fields?: Partial<Record<'mode' | 'size' | 'mtime', Buffer | string>>;
  /** The name field as raw bytes (e.g. not UTF-8). */
  rawName?: Buffer;
}

const MAGIC: Record<string, string> = { posix: 'ustar\x0000', gnu: 'ustar  \0', v7: '\0\0\0\0\0\0\0\0' };
const FIELDS = { mode: [100, 8], size: [124, 12], mtime: [136, 12] } as const;

/** A 512-byte ustar header with a correct checksum. */
export function rawHeader(member: RawMember): Buffer {
  const block = Buffer.alloc(512);
  if (member.rawName) member.rawName.copy(block, 0, 0, 100);
  else block.write(member.name, 0, 100, 'utf8');
  block.write(`${(member.mode ?? 0o644).toString(8).padStart(7, '0')}\0`, 100, 8, 'latin1');
  block.write('0000000\0', 108, 8, 'latin1');
  block.write('0000000\0', 116, 8, 'latin1');
  const size = member.size ?? member.body?.length ?? 0;
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'latin1');
  block.write(`${(1_700_000_000).toString(8).padStart(11, '0')}\0`, 136, 12, 'latin1');
  block.write(member.type ?? '0', 156, 1, 'latin1');
  if (member.linkname) block.write(member.linkname, 157, 100, 'utf8');
  block.write(MAGIC[member.magic ?? 'posix'] ?? (member.magic as string), 257, 8, 'latin1');
  if (member.prefix) block.write(member.prefix, 345, 155, 'utf8');
  for (const [field, value] of Object.entries(member.fields ?? {})) {
    const [offset, length] = FIELDS[field as keyof typeof FIELDS];
    block.fill(0, offset, offset + length);
    (Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1')).copy(block, offset, 0, length);
  }
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

/** One pax record, `<len> <keyword>=<value>\n`, its length computed. */
export function paxRecord(keyword: string, value: string | Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${keyword}=`), Buffer.from(value), Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length += 1;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

/** A pax extended ('x') or global ('g') header member holding `records` (built or raw). */
export function paxHeader(records: Record<string, string> | Buffer, type: 'x' | 'g' = 'x', name = 'PaxHeader/member'): RawMember {
  const body = Buffer.isBuffer(records) ? records : Buffer.concat(Object.entries(records).map(([k, v]) => paxRecord(k, v)));
  return { name, type, body };
}

/** A GNU long name ('L') or long link ('K') member. */
export function gnuLong(value: string, type: 'L' | 'K' = 'L'): RawMember {
  return { name: '././@LongLink', type, body: Buffer.from(`${value}\0`), magic: 'gnu' };
}

/**
 * An extension member (pax or GNU long name) whose block padding, after its declared size,
 * holds `extra`: CPython reads the padded block (pax records, the rest of a long name), GNU tar
 * reads a long name's padding too, bsdtar neither.
 */
export function paddedExtension(member: RawMember, extra: Buffer): Buffer {
  const body = member.body as Buffer;
  const blocks = Math.ceil(body.length / 512) * 512;
  if (body.length + extra.length > blocks) throw new Error('the extra bytes must fit the last block');
  const data = Buffer.alloc(blocks);
  body.copy(data);
  extra.copy(data, body.length);
  return Buffer.concat([rawHeader(member), data]);
}

/** The archive a smuggling case hides: what a reader that misses the header sees as members. */
const smuggled = (): Buffer => rawTar([{ name: 'smuggled/setuid-sh', body: text('#!/bin/sh\nid\n'), mode: 0o4755 }], { end: false });

/** A pax size that some reader takes as 2048 and GNU tar refuses (keeping the ustar size 0). */
function paxSizeCase(value: string): HostileCase {
  return {
    name: `pax size ${JSON.stringify(value)}`,
    // GNU tar keeps the ustar size 0 and extracts the hidden member; CPython skips it as data.
    build: () =>
      gz(
        Buffer.concat([
          rawTar([paxHeader({ path: 'model.bin', size: value }), { name: 'model.bin', size: 0 }], { end: false }),
          smuggled(),
          Buffer.alloc(1024),
          rawTar([ok('weights.bin')]),
        ]),
      ),
    sample: true,
    entry: 'model.bin',
    reason: 'pax-number',
    message: /pax size is not a decimal number/,
  };
}

/**
 * A hostile tar body under a gzip header carrying a sagewire append index that the attacker
 * computed (the index's digest has no key): a full-flush point before a deflated end marker,
 * the CRC and length before it, the file size, a table listing only `listed`.
 */
export function forgedIndexArchive(members: RawMember[], listed: string[]): Buffer {
  const body = rawTar(members, { end: false });
  const flushed = zlib.deflateRawSync(body, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const zeros = Buffer.alloc(1024);
  const end = zlib.deflateRawSync(zeros);
  const table = new MemberTable();
  for (const name of listed) table.add(name, 'file');
  const headerLength = indexedHeaderLength(64);
  const crcBefore = zlib.crc32(body) >>> 0;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(zeros, crcBefore) >>> 0, 0);
  trailer.writeUInt32LE((body.length + zeros.length) % 2 ** 32, 4);
  const index = {
    flushOffset: headerLength + flushed.length,
    crcBefore,
    lengthBefore: body.length,
    fileSize: headerLength + flushed.length + end.length + trailer.length,
    table,
  };
  return Buffer.concat([indexedHeader(headerLength, index, flushed.subarray(Math.max(0, flushed.length - 64 * 1024))), flushed, end, trailer]);
}

/** What a hostile case expects: an ArchiveError naming `entry` and matching `message`. */
export interface HostileCase {
  name: string;
  /** The archive (or not-an-archive) bytes. */
  build: () => Buffer;
  /** The entry the error names (`undefined`: a whole-file problem; the message names the file). */
  entry?: string;
  message: RegExp;
  /** The stable reason id the error carries. */
  reason?: string;
  limits?: Partial<ArchiveLimits>;
  /** A CLI sample class: also run through dummy-train and payload. */
  sample?: boolean;
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
  {
    // The append index is a claim, not a proof: an input is read in full unless the caller trusts it.
    name: 'forged sagewire append index over a traversal and a setuid file',
    build: () => forgedIndexArchive([{ name: '../evil.sh', body: text('#!/bin/sh\nid\n'), mode: 0o4755 }, ok('model.bin')], ['model.bin']),
    entry: '../evil.sh',
    reason: 'dot-dot',
    message: /'\.\.'/,
    sample: true,
  },
  {
    name: "pax record hidden in the header's block padding (CPython reads it)",
    build: () => gz(Buffer.concat([paddedExtension(paxHeader({ mtime: '1700000000' }), paxRecord('path', 'evil.sh')), rawTar([ok('a.txt')])])),
    entry: 'PaxHeader/member',
    reason: 'extension-padding',
    message: /bytes other than NUL in the block padding of a pax extended header/,
    sample: true,
  },
  {
    name: 'GNU long name continued in its block padding (GNU tar and CPython read it)',
    build: () =>
      gz(Buffer.concat([paddedExtension({ ...gnuLong('x'), body: text('hyperparameters') }, text('.json/../../../tmp/evil')), rawTar([{ ...ok('short'), magic: 'gnu' }])])),
    entry: 'hyperparameters',
    reason: 'extension-padding',
    message: /block padding of a GNU long name/,
    sample: true,
  },
  {
    name: "NUL-type file named 'dir/' in its header, its pax path without the slash, carrying data (CPython: a folder)",
    build: () => gz(rawTar([paxHeader({ path: 'weights' }), { name: 'weights/', type: '\0', body: rawTar([{ name: 'hidden.sh', body: text('id\n') }], { end: false }) }])),
    entry: 'weights',
    reason: 'trailing-slash',
    message: /header block names it "weights\/"/,
    sample: true,
  },
  {
    name: "NUL-type file named 'dir/' in its header, its GNU long name without the slash, carrying data",
    build: () =>
      gz(rawTar([gnuLong('weights'), { name: 'weights/', type: '\0', magic: 'gnu', body: rawTar([{ name: 'hidden.sh', body: text('id\n') }], { end: false }) }])),
    entry: 'weights',
    reason: 'trailing-slash',
    message: /header block names it "weights\/"/,
  },
  {
    name: 'pax SCHILY.fflags (bsdtar sets immutable/append-only flags as root)',
    build: () => gz(rawTar([paxHeader({ path: 'a.txt', 'SCHILY.fflags': 'schg,uappnd' }), ok('a.txt')])),
    entry: 'a.txt',
    reason: 'unsupported-pax-keyword',
    message: /SCHILY\.fflags/,
  },
  {
    name: 'prefix field with an empty name field (CPython: a file, GNU tar and bsdtar: a folder)',
    build: () => gz(rawTar([{ name: '', type: '\0', prefix: 'code' }, ok('code/x.py')])),
    entry: 'code/',
    reason: 'prefix-without-magic',
    message: /empty name field/,
  },
  {
    name: "file named 'a/.' (GNU tar and CPython: a folder)",
    build: () => gz(rawTar([ok('hyperparameters.json/.')])),
    entry: 'hyperparameters.json/.',
    reason: 'trailing-slash',
    message: /ends in '\/\.'/,
  },
  {
    name: "symlink named 'l/.'",
    build: () => gz(rawTar([ok('f'), { name: 'l/.', type: '2', linkname: 'f' }])),
    entry: 'l/.',
    reason: 'trailing-slash',
    message: /symlink whose name ends in '\/\.'/,
  },
  {
    name: "hard link to 'a.txt/.' (GNU tar and bsdtar: not a directory, CPython links a.txt)",
    build: () => gz(rawTar([ok('a.txt'), { name: 'b.txt', type: '1', linkname: 'a.txt/.' }])),
    entry: 'b.txt',
    reason: 'hard-link',
    message: /ends in '\/' or '\/\.'/,
  },
  { name: 'symlink carrying content', build: () => gz(rawTar([{ name: 'l', type: '2', linkname: 'x', size: 10 }])), entry: 'l', message: /declares 10 bytes/ },

  // One reading: what GNU tar, CPython and we would read differently is refused.
  ...['0x800', '2.048e3', '2048.0', '0o4000', '+2048', ' 2048', '2048 ', '21x', '', '-2048', '２０４８'].map(paxSizeCase),
  {
    name: 'pax mtime not a decimal number',
    build: () => gz(rawTar([paxHeader({ path: 'a.txt', mtime: '1e9' }), ok('a.txt')])),
    entry: 'a.txt',
    reason: 'pax-number',
    message: /pax mtime is not a decimal number/,
  },
  {
    name: 'pax uid not a decimal number',
    build: () => gz(rawTar([paxHeader({ path: 'a.txt', uid: '0x0' }), ok('a.txt')])),
    entry: 'a.txt',
    reason: 'pax-number',
    message: /pax uid/,
  },
  {
    name: 'pax record without its newline',
    build: () => gz(rawTar([paxHeader(Buffer.from('20 path=smuggled.sh\0'), 'x', 'PaxHeader/a.txt'), ok('a.txt')])),
    entry: 'PaxHeader/a.txt',
    reason: 'pax-record',
    message: /does not end with a newline/,
    sample: true,
  },
  {
    name: 'pax record with two blanks after the length',
    build: () => gz(rawTar([paxHeader(Buffer.from('21  path=smuggled.sh\n'), 'x', 'PaxHeader/a.txt'), ok('a.txt')])),
    entry: 'PaxHeader/a.txt',
    reason: 'pax-record',
    message: /empty or malformed keyword/,
  },
  {
    name: 'pax record with a blank before the length',
    build: () => gz(rawTar([paxHeader(Buffer.from(' 20 path=smuggled.sh\n'), 'x', 'PaxHeader/a.txt'), ok('a.txt')])),
    entry: 'PaxHeader/a.txt',
    reason: 'pax-record',
    message: /does not start with a decimal length/,
  },
  {
    name: 'pax record longer than its header',
    build: () => gz(rawTar([paxHeader(Buffer.from('99 path=smuggled.sh\n'), 'x', 'PaxHeader/a.txt'), ok('a.txt')])),
    entry: 'PaxHeader/a.txt',
    reason: 'pax-record',
    message: /outside the header/,
  },
  {
    name: 'pax records after the NUL that ends them',
    build: () => gz(rawTar([paxHeader(Buffer.concat([paxRecord('mtime', '1'), Buffer.from('\0'), paxRecord('path', 'x.sh')]), 'x', 'PaxHeader/a.txt'), ok('a.txt')])),
    entry: 'PaxHeader/a.txt',
    reason: 'pax-record',
    message: /after the NUL/,
  },
  {
    name: 'pax keyword twice in one header',
    build: () => gz(rawTar([paxHeader(Buffer.concat([paxRecord('path', 'a.txt'), paxRecord('path', 'b.sh')]), 'x', 'PaxHeader/a.txt'), ok('a.txt')])),
    entry: 'PaxHeader/a.txt',
    reason: 'pax-repeated-keyword',
    message: /given twice/,
  },
  {
    name: 'two GNU long names for one member',
    build: () => gz(rawTar([gnuLong('hyperparameters.json'), gnuLong('other.json'), ok('short')])),
    entry: 'hyperparameters.json',
    reason: 'extension-repeated',
    message: /second GNU long name/,
    sample: true,
  },
  {
    name: 'two GNU long links for one member',
    build: () => gz(rawTar([ok('a'), gnuLong('a', 'K'), gnuLong('../x', 'K'), { name: 'l', type: '2', linkname: 'a' }])),
    reason: 'extension-repeated',
    entry: '././@LongLink',
    message: /second GNU long link/,
  },
  {
    name: 'GNU long name then pax path',
    build: () => gz(rawTar([gnuLong('hyperparameters.json'), paxHeader({ path: 'other.json' }), ok('short')])),
    entry: 'other.json',
    reason: 'extension-conflict',
    message: /GNU long name and a pax path/,
    sample: true,
  },
  {
    name: 'pax path then GNU long name',
    build: () => gz(rawTar([paxHeader({ path: 'hyperparameters.json' }), gnuLong('other.json'), ok('short')])),
    entry: 'hyperparameters.json',
    reason: 'extension-conflict',
    message: /GNU long name and a pax path/,
  },
  {
    name: 'GNU long link then pax linkpath',
    build: () => gz(rawTar([ok('a'), gnuLong('a', 'K'), paxHeader({ linkpath: 'b' }), { name: 'l', type: '2', linkname: 'x' }])),
    entry: 'PaxHeader/member',
    reason: 'extension-conflict',
    message: /GNU long link and a pax linkpath/,
  },
  {
    name: 'two pax headers for one member',
    build: () => gz(rawTar([paxHeader({ path: 'hyperparameters.json' }), paxHeader({ path: 'other.json' }), ok('short')])),
    entry: 'hyperparameters.json',
    reason: 'extension-repeated',
    message: /second pax extended header/,
    sample: true,
  },
  {
    name: 'two pax global headers',
    build: () => gz(rawTar([paxHeader({ mtime: '1' }, 'g', 'GlobalHead.1'), ok('a.txt'), paxHeader({ uname: 'x' }, 'g', 'GlobalHead.2'), ok('b.txt')])),
    entry: 'GlobalHead.2',
    reason: 'extension-repeated',
    message: /second pax global header/,
  },
  {
    name: 'pax global header between a pax header and its member',
    build: () => gz(rawTar([paxHeader({ path: 'a.txt' }), paxHeader({ mtime: '1' }, 'g', 'GlobalHead.1'), ok('short')])),
    entry: 'a.txt',
    reason: 'extension-order',
    message: /global header between a member and its extension headers/,
  },
  {
    name: 'pax global path',
    build: () => gz(rawTar([paxHeader({ path: 'evil.sh' }, 'g', 'GlobalHead.1'), ok('a.txt')])),
    entry: 'GlobalHead.1',
    reason: 'pax-global',
    message: /global pax header sets 'path'/,
  },
  {
    name: 'extension header without a member',
    build: () => gz(rawTar([ok('a.txt'), gnuLong('hyperparameters.json')])),
    entry: 'hyperparameters.json',
    reason: 'extension-orphan',
    message: /extension header without a member/,
  },
  {
    name: 'prefix field in an old GNU header',
    build: () => gz(rawTar([{ ...ok('x.sh'), magic: 'gnu', prefix: '../..' }])),
    entry: 'x.sh',
    reason: 'prefix-without-magic',
    message: /prefix field set in a header without POSIX ustar magic/,
    sample: true,
  },
  {
    name: 'prefix field in a v7 header',
    build: () => gz(rawTar([ok('a.txt'), { ...ok('x.sh'), magic: 'v7', prefix: 'hidden' }])),
    entry: 'x.sh',
    reason: 'prefix-without-magic',
    message: /without POSIX ustar magic/,
  },
  {
    name: "prefix field under 'ustar' magic of another version",
    build: () => gz(rawTar([{ ...ok('x.sh'), magic: 'ustar\0  ', prefix: 'hidden' }])),
    entry: 'x.sh',
    reason: 'prefix-without-magic',
    message: /without POSIX ustar magic/,
  },
  {
    name: "regular file named 'dir/' carrying data",
    build: () => gz(rawTar([{ name: 'weights/', body: rawTar([{ name: 'hidden.sh', body: text('id\n') }], { end: false }) }])),
    entry: 'weights/',
    reason: 'trailing-slash',
    message: /name ends in '\/' but the member carries 1024 bytes/,
    sample: true,
  },
  {
    name: "NUL-type file named 'dir/' carrying data",
    build: () => gz(rawTar([{ name: 'weights/', type: '\0', body: rawTar([{ name: 'hidden.sh', body: text('id\n') }], { end: false }) }])),
    entry: 'weights/',
    reason: 'trailing-slash',
    message: /carries 1024 bytes/,
  },
  {
    name: "empty regular file whose pax path ends in '/'",
    build: () => gz(rawTar([paxHeader({ path: 'weights/' }), { name: 'weights', size: 0 }])),
    entry: 'weights/',
    reason: 'trailing-slash',
    message: /name ends in '\/'/,
  },
  {
    name: "symlink named 'l/'",
    build: () => gz(rawTar([ok('a'), { name: 'l/', type: '2', linkname: 'a' }])),
    entry: 'l/',
    reason: 'trailing-slash',
    message: /name ends in '\/'/,
  },
  {
    name: 'GNU sparse 1.0 (pax GNU.sparse.name)',
    build: () =>
      gz(rawTar([paxHeader({ 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0', 'GNU.sparse.name': 'big.bin', 'GNU.sparse.realsize': '1099511627776' }), { name: 'GNUSparseFile.0/big.bin', body: text('1\n0\n0\n') }])),
    entry: 'PaxHeader/member',
    reason: 'sparse',
    message: /GNU sparse file/,
    sample: true,
  },
  {
    name: 'GNU sparse 0.1 (pax GNU.sparse.map)',
    build: () => gz(rawTar([paxHeader({ path: 'big.bin', 'GNU.sparse.size': '1099511627776', 'GNU.sparse.map': '0,0' }), { name: 'big.bin', size: 0 }])),
    entry: 'big.bin',
    reason: 'sparse',
    message: /GNU sparse file/,
  },
  {
    name: 'GNU sparse 0.0 (pax GNU.sparse.offset)',
    build: () =>
      gz(rawTar([paxHeader(Buffer.concat([paxRecord('path', 'big.bin'), paxRecord('GNU.sparse.size', '1099511627776'), paxRecord('GNU.sparse.offset', '0'), paxRecord('GNU.sparse.numbytes', '0')])), { name: 'big.bin', size: 0 }])),
    entry: 'big.bin',
    reason: 'sparse',
    message: /GNU sparse file/,
  },
  {
    name: 'bsdtar sparse (SCHILY.realsize)',
    build: () => gz(rawTar([paxHeader({ path: 'big.bin', 'SCHILY.realsize': '1099511627776' }), { name: 'big.bin', size: 0 }])),
    entry: 'big.bin',
    reason: 'sparse',
    message: /sparse file/,
  },
  {
    name: 'unknown type carrying data',
    build: () => gz(rawTar([{ name: 'blob', type: 'Z', body: rawTar([ok('hidden.sh')], { end: false }) }])),
    entry: 'blob',
    reason: 'unknown-type',
    message: /unknown entry type 'Z'/,
  },
  {
    name: 'Solaris extended header (type X)',
    build: () => gz(rawTar([{ name: 'PaxHeader/x', type: 'X', body: paxRecord('path', 'evil.sh') }, ok('a.txt')])),
    entry: 'PaxHeader/x',
    reason: 'unknown-type',
    message: /unknown entry type 'X'/,
  },
  {
    name: 'size field with a sign (GNU tar reads base-64, CPython octal)',
    build: () => gz(rawTar([{ ...ok('a.txt'), fields: { size: '+0000000025\0' } }])),
    entry: 'a.txt',
    reason: 'header-number',
    message: /size field is not an octal number/,
  },
  {
    name: 'size field after a NUL (GNU tar skips it, CPython reads 0)',
    build: () => gz(rawTar([{ ...ok('a.txt'), fields: { size: '\x000000000025' } }])),
    entry: 'a.txt',
    reason: 'header-number',
    message: /size field is not an octal number/,
  },
  {
    name: 'base-256 size with a stray marker byte',
    build: () => gz(rawTar([{ ...ok('a.txt'), fields: { size: Buffer.from([0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25]) } }])),
    entry: 'a.txt',
    reason: 'header-number',
    message: /size field is not an octal number/,
  },
  {
    name: 'negative base-256 size',
    build: () => gz(rawTar([{ ...ok('a.txt'), fields: { size: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xe7]) } }])),
    entry: 'a.txt',
    reason: 'header-number',
    message: /negative size/,
  },
  {
    name: 'name not valid UTF-8',
    build: () => gz(rawTar([{ ...ok('x'), rawName: Buffer.from([0x6d, 0xe9, 0x2e, 0x74, 0x78, 0x74]) }])),
    entry: 'm\u00e9.txt',
    reason: 'name-encoding',
    message: /not valid UTF-8/,
  },
  {
    name: 'pax hdrcharset BINARY',
    build: () => gz(rawTar([paxHeader({ hdrcharset: 'BINARY', path: 'a.txt' }), ok('a.txt')])),
    entry: 'a.txt',
    reason: 'name-encoding',
    message: /hdrcharset/,
  },
  {
    name: 'pax path with a NUL',
    build: () => gz(rawTar([paxHeader({ path: 'a.txt\0/../../x' }), ok('a.txt')])),
    entry: 'PaxHeader/member',
    reason: 'name-nul',
    message: /NUL/,
  },
  {
    name: 'privileged extended attribute (file capability)',
    build: () => gz(rawTar([paxHeader({ path: 'run.sh', 'SCHILY.xattr.security.capability': '\x01\0\0\x02' }), ok('run.sh')])),
    entry: 'run.sh',
    reason: 'unsupported-pax-keyword',
    message: /privileged extended attribute/,
  },
  {
    name: 'wrong gzip header checksum (FHCRC)',
    build: () => gzipWithHeaderFields(rawTar([ok('a.txt')]), { headerCrc: 0x1234 }),
    reason: 'gzip',
    message: /FHCRC/,
  },

  // Names safe on Linux, macOS and Windows.
  {
    name: 'symlink target with a NUL (pax linkpath ..\\0/x)',
    build: () => gz(rawTar([paxHeader({ path: 'lnk', linkpath: '..\0/x' }), { name: 'lnk', type: '2', linkname: 'x' }])),
    entry: 'lnk',
    reason: 'name-nul',
    message: /NUL/,
  },
  { name: 'backslash in a name', build: () => gz(rawTar([ok('a\\..\\..\\evil.txt')])), entry: 'a\\..\\..\\evil.txt', reason: 'name-backslash', message: /backslash/ },
  {
    name: 'backslash in a symlink target',
    build: () => gz(rawTar([{ name: 'l', type: '2', linkname: '..\\..\\windows' }])),
    entry: 'l',
    reason: 'name-backslash',
    message: /backslash/,
  },
  { name: 'Windows drive-relative name', build: () => gz(rawTar([ok('C:evil.txt')])), entry: 'C:evil.txt', reason: 'absolute-path', message: /Windows drive/ },
  { name: 'UNC name', build: () => gz(rawTar([ok('//server/share/evil.txt')])), entry: '//server/share/evil.txt', reason: 'absolute-path', message: /absolute/ },
  { name: "component '.. ' (Windows reads '..')", build: () => gz(rawTar([ok('.. /evil.txt')])), entry: '.. /evil.txt', reason: 'dot-dot', message: /'\.' or '\.\.' on Windows or macOS/ },
  { name: "component '..\\u200c' (HFS+ reads '..')", build: () => gz(rawTar([ok('..\u200c/evil.txt')])), entry: '..\u200c/evil.txt', reason: 'dot-dot', message: /on Windows or macOS/ },
  { name: 'control character in a name', build: () => gz(rawTar([ok('a\nb.txt')])), entry: 'a\nb.txt', reason: 'name-control', message: /control character/ },
  {
    name: 'name over PATH_MAX',
    build: () => gz(rawTar([paxHeader({ path: `${'a'.repeat(200)}/`.repeat(21) + 'f' }), ok('f')])),
    entry: `${'a'.repeat(200)}/`.repeat(21) + 'f',
    reason: 'name-length',
    message: /limit 4095, PATH_MAX/,
  },
  {
    name: 'component over NAME_MAX',
    build: () => gz(rawTar([paxHeader({ path: 'x'.repeat(300) }), ok('f')])),
    entry: 'x'.repeat(300),
    reason: 'name-length',
    message: /component of 300 bytes/,
  },
  {
    name: 'path too deep',
    build: () => gz(rawTar([paxHeader({ path: 'd/'.repeat(300) + 'f' }), ok('f')])),
    entry: 'd/'.repeat(300) + 'f',
    reason: 'name-depth',
    message: /301 components deep/,
  },
  {
    name: '1 MiB symlink target',
    build: () => gz(rawTar([paxHeader({ path: 'l', linkpath: 'a/'.repeat(512 * 1024) }), { name: 'l', type: '2', linkname: 'x' }])),
    entry: 'l',
    reason: 'name-length',
    message: /limit 4095/,
    limits: { maxHeaderBytes: 4 * 1024 * 1024 },
  },
  {
    name: 'path through a symlink whose name differs in case',
    build: () => gz(rawTar([{ name: 'sub/Dir', type: '2', linkname: '..' }, ok('sub/dir/evil.txt')])),
    entry: 'sub/dir/evil.txt',
    reason: 'through-symlink',
    message: /through the symlink 'sub\/dir'/,
  },
  {
    name: 'symlink escape through a case-folded symlink',
    build: () => gz(rawTar([{ name: 'a/L', type: '2', linkname: '.' }, { name: 'a/x', type: '2', linkname: 'l/../../etc' }])),
    entry: 'a/x',
    reason: 'symlink-escape',
    message: /through other symlinks/,
  },
  {
    name: 'symlink escape through an NFD-named symlink',
    build: () => gz(rawTar([{ name: 'a/caf\u00e9', type: '2', linkname: '.' }, { name: 'a/x', type: '2', linkname: 'cafe\u0301/../../etc' }])),
    entry: 'a/x',
    reason: 'symlink-escape',
    message: /through other symlinks/,
  },
  {
    name: 'file over a symlink whose name differs in case',
    build: () => gz(rawTar([ok('real.json'), { name: 'conf', type: '2', linkname: 'real.json' }, ok('CONF')])),
    entry: 'CONF',
    reason: 'collision',
    message: /differs only in case/,
  },
  {
    name: "file 'data.' over a folder 'data' (one name on Windows)",
    build: () => gz(rawTar([{ name: 'data/', type: '5', mode: 0o755 }, ok('data.')])),
    entry: 'data.',
    reason: 'collision',
    message: /over a directory/,
  },
  {
    name: 'symlink chain longer than 40',
    build: () => gz(rawTar([ok('f'), ...Array.from({ length: 45 }, (_, i) => ({ name: `l${i}`, type: '2', linkname: i === 44 ? 'f' : `l${i + 1}` }))])),
    entry: 'l40',
    reason: 'symlink-loop',
    message: /more than 40 symlinks followed/,
  },
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

/** A tricky but well-formed archive: every reader must read it the same way, and we accept it. */
export interface AcceptedCase {
  name: string;
  build: () => Buffer;
}

/** Two hyperparameter sets: which field names payload uses shows which file it read. */
export const HYPERPARAMETERS_A = text('{"tab_field_list": ["alpha", "beta"], "cat_field_list": ["gamma"]}');
export const HYPERPARAMETERS_B = text('{"tab_field_list": ["smuggled"], "cat_field_list": []}');

/** A gzip member with FEXTRA, FNAME, FCOMMENT and a correct FHCRC around `data`. */
export function gzipWithHeaderFields(data: Buffer, options: { headerCrc?: number } = {}): Buffer {
  const header = Buffer.concat([
    Buffer.from([0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3]),
    Buffer.from([4, 0]),
    Buffer.from('ab\x02\x00', 'latin1'),
    Buffer.from('model.tar\0comment\0', 'latin1'),
  ]);
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(options.headerCrc ?? zlib.crc32(header) & 0xffff);
  const raw = zlib.deflateRawSync(data);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length % 2 ** 32, 4);
  return Buffer.concat([header, crc, raw, trailer]);
}

const hp = (name = 'hyperparameters.json', body = HYPERPARAMETERS_A): RawMember => ({ name, body });
const base256 = (value: number): Buffer => {
  const out = Buffer.alloc(12);
  let big = BigInt(value) < 0n ? 256n ** 11n + BigInt(value) : BigInt(value);
  for (let i = 11; i >= 1; i -= 1) {
    out[i] = Number(big & 0xffn);
    big >>= 8n;
  }
  out[0] = value < 0 ? 0xff : 0x80;
  return out;
};

export const ACCEPTED_CASES: AcceptedCase[] = [
  { name: 'negative base-256 mtime', build: () => gz(rawTar([{ ...hp(), fields: { mtime: base256(-86_400) } }])) },
  { name: 'negative pax mtime with a fraction', build: () => gz(rawTar([paxHeader({ mtime: '-1234.5' }), hp()])) },
  { name: 'large base-256 size field', build: () => gz(rawTar([{ ...hp(), fields: { size: base256(HYPERPARAMETERS_A.length) } }])) },
  {
    name: 'old-style number fields (leading spaces, space terminator)',
    build: () => gz(rawTar([{ ...hp(), fields: { size: `${' '.repeat(7)}${HYPERPARAMETERS_A.length.toString(8).padStart(3, '0')} \0`, mode: '   644 \0' } }])),
  },
  {
    name: 'v7 folder (NUL type, trailing slash) and v7 files',
    build: () => gz(rawTar([{ name: 'code/', type: '\0', magic: 'v7', mode: 0o755 }, { ...ok('code/x.py'), magic: 'v7' }, { ...hp(), magic: 'v7' }])),
  },
  { name: 'ustar prefix under POSIX magic', build: () => gz(rawTar([{ ...ok(`${'b'.repeat(90)}.txt`), prefix: `a/${'p'.repeat(120)}` }, hp()])) },
  { name: 'pax global header (mtime, comment)', build: () => gz(rawTar([paxHeader({ mtime: '1700000000', comment: 'made by hand' }, 'g', 'GlobalHead.1'), hp(), ok('b.txt')])) },
  { name: 'pax user extended attribute', build: () => gz(rawTar([paxHeader({ 'SCHILY.xattr.user.note': 'hello', path: 'weights.bin' }), ok('weights.bin'), hp()])) },
  { name: 'hyperparameters.json repeated: the last one wins', build: () => gz(rawTar([hp(), ok('a.txt'), hp('./hyperparameters.json', HYPERPARAMETERS_B)])) },
  { name: 'hyperparameters.json named by a pax path', build: () => gz(rawTar([paxHeader({ path: './hyperparameters.json' }), hp('placeholder', HYPERPARAMETERS_B)])) },
  {
    name: 'GNU long name and long link',
    build: () => {
      const long = `deep/${'d'.repeat(150)}/weights.bin`;
      return gz(rawTar([gnuLong(long), { ...ok('short'), magic: 'gnu' }, gnuLong(long, 'K'), { name: 'weights-link', type: '2', linkname: 'short', magic: 'gnu' }, hp()]));
    },
  },
  {
    name: 'symlink chain that stays inside',
    build: () =>
      gz(rawTar([ok('a/b/c.txt'), { name: 'l1', type: '2', linkname: 'a/b' }, { name: 'a/l2', type: '2', linkname: '../l1/c.txt' }, { name: 'l3', type: '2', linkname: 'a/l2' }, hp()])),
  },
  { name: 'hard link to an earlier file', build: () => gz(rawTar([ok('a.bin'), { name: 'b.bin', type: '1', linkname: 'a.bin' }, hp()])) },
  { name: 'names in NFC and NFD side by side', build: () => gz(rawTar([ok('caf\u00e9.txt'), ok('cafe\u0301.txt'), hp()])) },
  { name: 'gzip header with FEXTRA, FNAME, FCOMMENT and FHCRC', build: () => gzipWithHeaderFields(rawTar([ok('a.txt'), hp()])) },
];
