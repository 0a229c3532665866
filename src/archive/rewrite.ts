import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ArchiveError } from '../errors.js';
import { withAtomicFile } from '../fs/atomic-write.js';
import { ancestorsOf } from './entry-name.js';
import type { AppendOptions } from './append.js';
import { DEFAULT_LEVEL } from './gzip-sink.js';
import { indexedHeaderLength, MAX_TABLE_ENTRIES, MemberTable } from './gzip-index.js';
import { parallelGzipSink } from './parallel-gzip-sink.js';
import { validatedPass } from './scan.js';
import { BLOCK, paddedSize, rewriteHeaderMode } from './tar-header.js';
import { missingFolders, recordAround, writeMembers, type ResolvedFile } from './tar-members.js';
import type { EntryInfo, WriteResult } from './types.js';

/** The same job as an append: an input, files to inject, an output. */
export type RewriteOptions = AppendOptions;

/**
 * Reads the whole input once and writes a new archive: every kept member's header and bytes
 * verbatim (mode bits cleaned), the members being replaced dropped, the new files appended.
 */
export async function rewriteArchive(opts: RewriteOptions): Promise<WriteResult> {
  const started = performance.now();
  const injected = new Map(opts.files.map((file) => [file.name, file]));
  const kinds = new Map<string, EntryInfo['type']>();
  const hardLinkTargets = new Map<string, string>();
  const replaced = new Set<string>();
  const level = opts.level ?? DEFAULT_LEVEL;
  const inputSize = (await stat(opts.input)).size;
  const bytesOut = await withAtomicFile(opts.output, async (file) => {
    // The member count is known only at the end: room for the most names a header holds.
    const sink = parallelGzipSink(file, level, { headerLength: indexedHeaderLength(MAX_TABLE_ENTRIES) });
    const table = new MemberTable();
    let keep = false;
    let size = 0;
    let globalHeader = false;
    await validatedPass(opts.input, {
      limits: opts.limits,
      onProgress: opts.onProgress,
      onRawEntry: async (raw, checked) => {
        size = checked?.info.size ?? 0;
        if (raw.globalHeaderBytes) globalHeader = true;
        const name = checked?.info.name;
        if (name !== undefined && injected.has(name)) {
          if (checked?.info.type === 'directory') {
            throw new ArchiveError('is a directory in the archive; a file cannot replace it', name);
          }
          keep = false;
          // A pax global header before a dropped member still applies to the members after it.
          if (raw.globalHeaderBytes) await sink.write(raw.globalHeaderBytes);
          if (!replaced.has(name)) opts.log?.(`replacing ${name} (already in ${opts.input})`);
          replaced.add(name);
          return;
        }
        keep = true;
        if (checked) {
          table.add(checked.info.name, checked.info.type, checked.info.linkname);
          kinds.set(checked.info.name, checked.info.type);
          if (checked.info.type === 'link') hardLinkTargets.set(checked.info.linkname as string, checked.info.name);
        }
        let header = raw.headerBytes;
        if (checked?.modeStripped) {
          header = Buffer.from(header);
          rewriteHeaderMode(header.subarray(header.length - BLOCK), checked.info.mode);
        }
        await sink.write(header);
      },
      onRawData: (chunk) => (keep ? sink.write(chunk) : undefined),
      onRawEntryEnd: () => {
        const padding = paddedSize(size) - size;
        if (keep && padding > 0) return sink.write(Buffer.alloc(padding));
        return undefined;
      },
    });
    const existingDirs = checkInjectedAgainst(kinds, opts.files, hardLinkTargets, replaced);
    const folders = missingFolders(opts.files, existingDirs);
    for (const folder of folders) table.add(folder.name, 'directory');
    for (const member of opts.files) table.add(member.name, 'file');
    await writeMembers(opts.files, folders, (chunk) => sink.write(chunk), {
      beforeEndMarker: () => sink.flushPoint(),
      // A pax global header applies to every later member: a reader starting at a recorded member would not see it.
      ...(globalHeader ? {} : recordAround(sink, opts.recordMember)),
    });
    await sink.end(table);
    return { bytes: sink.bytesOut, entries: kinds.size + folders.length + opts.files.length };
  });
  return {
    output: resolve(opts.output),
    entries: bytesOut.entries,
    bytesIn: inputSize + opts.files.reduce((sum, file) => sum + file.size, 0),
    bytesOut: bytesOut.bytes,
    seconds: (performance.now() - started) / 1000,
    method: 'rewrite',
    inputRead: 'whole',
    replaced: [...replaced].sort(),
  };
}

/**
 * The injected files must fit the archive's tree: no parent that is a file or link, no hard
 * link left pointing at a replaced file. Returns the folders the archive already has.
 */
export function checkInjectedAgainst(
  kinds: Map<string, EntryInfo['type']>,
  files: ResolvedFile[],
  hardLinkTargets: Map<string, string>,
  replaced: Set<string>,
): Set<string> {
  const dirs = new Set<string>();
  for (const [name, kind] of kinds) {
    if (kind === 'directory') dirs.add(name);
    for (const ancestor of ancestorsOf(name)) dirs.add(ancestor);
  }
  for (const file of files) {
    if (dirs.has(file.name)) throw new ArchiveError('is a directory in the archive; a file cannot replace it', file.name);
    for (const ancestor of ancestorsOf(file.name)) {
      const kind = kinds.get(ancestor);
      if (kind && kind !== 'directory') {
        throw new ArchiveError(`parent '${ancestor}' is a ${kind} in the archive, not a folder`, file.name);
      }
    }
    const linker = hardLinkTargets.get(file.name);
    if (linker !== undefined && replaced.has(file.name)) {
      throw new ArchiveError(`cannot be replaced: the hard link '${linker}' refers to it`, file.name);
    }
  }
  return dirs;
}
