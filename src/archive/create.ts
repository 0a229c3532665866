import { resolve } from 'node:path';
import { withAtomicFile } from '../fs/atomic-write.js';
import { DEFAULT_LEVEL } from './gzip-sink.js';
import { headerLengthFor, MemberTable } from './gzip-index.js';
import { parallelGzipSink } from './parallel-gzip-sink.js';
import { missingFolders, resolveFiles, writeMembers } from './tar-members.js';
import type { InjectFile, Progress, WriteResult } from './types.js';

/** A new tar.gz from files (e.g. a model folder + code/ + calibration/), written atomically. */
export async function createArchive(opts: {
  output: string;
  files: InjectFile[];
  onProgress?: (p: Progress) => void;
  /** gzip level, default 6. */
  level?: number;
}): Promise<WriteResult> {
  const started = performance.now();
  const files = await resolveFiles(opts.files);
  const folders = missingFolders(files, new Set());
  const bytesTotal = files.reduce((sum, file) => sum + file.size, 0);
  let bytesDone = 0;
  const bytesOut = await withAtomicFile(opts.output, async (file) => {
    const table = new MemberTable();
    for (const folder of folders) table.add(folder.name, 'directory');
    for (const member of files) table.add(member.name, 'file');
    const sink = parallelGzipSink(file, opts.level ?? DEFAULT_LEVEL, { headerLength: headerLengthFor(table.size) });
    await writeMembers(files, folders, (chunk) => sink.write(chunk), {
      onFileBytes: (bytes) => {
        bytesDone += bytes;
        opts.onProgress?.({ bytesDone, bytesTotal });
      },
      beforeEndMarker: () => sink.flushPoint(),
    });
    await sink.end(table);
    return sink.bytesOut;
  });
  return {
    output: resolve(opts.output),
    entries: files.length + folders.length,
    bytesIn: bytesTotal,
    bytesOut,
    seconds: (performance.now() - started) / 1000,
    method: 'create',
    replaced: [],
  };
}
