import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pack as tarPack, type Header } from 'tar-stream';

type Headers = Partial<Header> & Pick<Header, 'name'>;
import { ArchiveError, InternalError } from '../errors.js';
import { MemberTable } from './gzip-index.js';
import type { TarSink } from './gzip-sink.js';
import { ancestorsOf, normalizeEntryName } from './entry-name.js';
import { sanitizeMode } from './entry-rules.js';
import { memberTime } from './member-time.js';
import type { InjectFile } from './types.js';

/** An InjectFile with its name normalized and its size, mode and mtime known. */
export interface ResolvedFile {
  name: string;
  source: string | Buffer;
  size: number;
  mode: number;
  mtime: Date;
}

/**
 * Normalizes names, stats sources and refuses duplicates among the files themselves. A file
 * without its own `mtime` gets memberTime() (SOURCE_DATE_EPOCH or 0), never its source's.
 */
export async function resolveFiles(files: InjectFile[]): Promise<ResolvedFile[]> {
  const seen = new Set<string>();
  const out: ResolvedFile[] = [];
  const fixedTime = memberTime();
  for (const file of files) {
    const name = normalizeEntryName(file.name);
    if (name === '') throw new ArchiveError('an injected file needs a name', file.name);
    if (seen.has(name)) throw new ArchiveError('given twice among the files to add', name);
    seen.add(name);
    if (Buffer.isBuffer(file.source)) {
      out.push({ name, source: file.source, size: file.source.length, mode: sanitizeMode(file.mode ?? 0o644), mtime: file.mtime ?? fixedTime });
      continue;
    }
    const info = await stat(file.source).catch((error: unknown) => {
      throw new ArchiveError(`cannot read source file ${file.source}: ${(error as Error).message}`, name);
    });
    if (!info.isFile()) throw new ArchiveError(`source ${file.source} is not a regular file`, name);
    out.push({ name, source: file.source, size: info.size, mode: sanitizeMode(file.mode ?? info.mode), mtime: file.mtime ?? fixedTime });
  }
  for (const file of out) {
    for (const ancestor of ancestorsOf(file.name)) {
      if (seen.has(ancestor)) throw new ArchiveError(`parent '${ancestor}' is also given as a file`, file.name);
    }
  }
  return out;
}

/** Folders the files need that are not in `existingDirs`, parents first. */
export function missingFolders(files: ResolvedFile[], existingDirs: Set<string>): { name: string; mtime: Date }[] {
  const out: { name: string; mtime: Date }[] = [];
  const added = new Set<string>();
  for (const file of files) {
    for (const dir of ancestorsOf(file.name)) {
      if (existingDirs.has(dir) || added.has(dir)) continue;
      added.add(dir);
      out.push({ name: dir, mtime: file.mtime });
    }
  }
  return out;
}

/** The tar end-of-archive marker: two zero blocks. */
export const END_MARKER_BYTES = 1024;

export interface WriteMembersOptions {
  onFileBytes?: (bytes: number) => void;
  /** Called after the last member's bytes, before the end-of-archive marker's. */
  beforeEndMarker?: () => Promise<void>;
  /** Called just before the first byte and just after the last byte (padding included) of the file named `name`. */
  around?: { name: string; start: () => Promise<void>; end: () => Promise<void> };
}

/**
 * Encodes folders and files as tar members (tar-stream's pack: ustar, pax for long names),
 * followed by the end-of-archive marker, handing the bytes to `sink` in order.
 */
export async function writeMembers(
  files: ResolvedFile[],
  folders: { name: string; mtime: Date }[],
  sink: (chunk: Buffer) => Promise<void> | void,
  options: WriteMembersOptions = {},
): Promise<void> {
  const { beforeEndMarker, around } = options;
  const at = around ? files.findIndex((file) => file.name === around.name) : -1;
  if (around && at >= 0) {
    // Each run of members is its own pack: the member's bytes start and end exactly between two.
    await packMembers(files.slice(0, at), folders, sink, options);
    await around.start();
    await packMembers(files.slice(at, at + 1), [], sink, options);
    await around.end();
    await packMembers(files.slice(at + 1), [], sink, options);
  } else {
    await packMembers(files, folders, sink, options);
  }
  await beforeEndMarker?.();
  const pending = sink(Buffer.alloc(END_MARKER_BYTES));
  if (pending) await pending;
}

/** The members' bytes, without the end-of-archive marker tar-stream ends its pack with. */
async function packMembers(
  files: ResolvedFile[],
  folders: { name: string; mtime: Date }[],
  sink: (chunk: Buffer) => Promise<void> | void,
  { onFileBytes }: WriteMembersOptions,
): Promise<void> {
  if (files.length === 0 && folders.length === 0) return;
  const pack = tarPack();
  const drained = (async () => {
    // The pack's last END_MARKER_BYTES are the marker: held back until the stream ends.
    let held = Buffer.alloc(0);
    for await (const chunk of pack as AsyncIterable<Buffer>) {
      const joined = held.length === 0 ? chunk : chunk.length >= END_MARKER_BYTES ? chunk : Buffer.concat([held, chunk]);
      const out: Buffer[] = [];
      if (joined === chunk && held.length > 0) out.push(held);
      const keepFrom = Math.max(0, joined.length - END_MARKER_BYTES);
      if (keepFrom > 0) out.push(joined.subarray(0, keepFrom));
      held = Buffer.from(joined.subarray(keepFrom));
      for (const piece of out) {
        const pending = sink(piece);
        if (pending) await pending;
      }
    }
    if (held.length !== END_MARKER_BYTES || held.some((byte) => byte !== 0)) throw new InternalError('tar-stream did not end with an end-of-archive marker');
  })();
  try {
    for (const folder of folders) {
      await addEntry(pack, { name: `${folder.name}/`, type: 'directory', mode: 0o755, mtime: folder.mtime, uid: 0, gid: 0 });
    }
    for (const file of files) {
      const header: Headers = { name: file.name, type: 'file', size: file.size, mode: file.mode, mtime: file.mtime, uid: 0, gid: 0 };
      if (Buffer.isBuffer(file.source)) {
        await addEntry(pack, header, file.source);
      } else {
        await addFileEntry(pack, header, file.source, file.name);
      }
      onFileBytes?.(file.size);
    }
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
    await drained.catch(() => undefined);
    throw error;
  }
  await drained;
}

/** writeMembers' `around` that records the member `name` in the sink's index (none without a name). */
export function recordAround(sink: TarSink, name: string | undefined): Pick<WriteMembersOptions, 'around'> {
  if (name === undefined) return {};
  const normalized = normalizeEntryName(name);
  const nameHash = MemberTable.hash(normalized);
  return { around: { name: normalized, start: () => sink.memberStart(nameHash), end: () => sink.memberEnd() } };
}

function addEntry(pack: ReturnType<typeof tarPack>, header: Headers, body?: Buffer): Promise<void> {
  return new Promise((resolveEntry, reject) => {
    const done = (error?: Error | null): void => (error ? reject(error) : resolveEntry());
    if (body) pack.entry(header, body, done);
    else pack.entry(header, done);
  });
}

function addFileEntry(pack: ReturnType<typeof tarPack>, header: Headers, path: string, name: string): Promise<void> {
  return new Promise((resolveEntry, reject) => {
    const entry = pack.entry(header, (error) => {
      if (error) reject(new ArchiveError(`could not add ${path}: ${error.message} (did the file change while reading?)`, name));
      else resolveEntry();
    });
    const source = createReadStream(path);
    source.on('error', (error) => {
      entry.destroy(error);
      reject(new ArchiveError(`could not read ${path}: ${error.message}`, name));
    });
    source.pipe(entry);
  });
}
