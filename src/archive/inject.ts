import { ArchiveError } from '../errors.js';
import { appendToArchive, CannotAppend } from './append.js';
import { appendWithIndex } from './append-indexed.js';
import { IndexUnusable } from './index-header.js';
import type { ArchiveLimits } from './limits.js';
import { rewriteArchive } from './rewrite.js';
import { resolveFiles } from './tar-members.js';
import type { InjectFile, Progress, WriteResult } from './types.js';

/** Options of injectIntoArchive. */
export interface InjectOptions {
  input: string;
  output: string;
  files: InjectFile[];
  /** 'auto' (default) appends when possible, else rewrites; 'append' fails if it cannot append. */
  mode?: 'auto' | 'append' | 'rewrite';
  limits?: Partial<ArchiveLimits>;
  onProgress?: (p: Progress) => void;
  log?: (line: string) => void;
  /** gzip level of re-encoded data (default 6). */
  level?: number;
  /**
   * Read and check the whole input even when `trustIndex` is set. Default false.
   */
  verify?: boolean;
  /**
   * The input was written by a sagewire step the caller trusts: an append may use the append
   * index in its gzip header and read only the archive's tail. Default false: the index is not
   * authenticated (anyone can write one, digest included), so an input from anywhere else is
   * read and checked in full. See docs/archive.md.
   */
  trustIndex?: boolean;
  /**
   * An injected file (e.g. hyperparameters.json) whose place the output's index records, so a
   * reader that trusts the index can read it from there (readRecordedMember).
   */
  recordMember?: string;
}

/**
 * model.tar.gz + files -> a new archive at `output` (atomic). Injected names replace
 * same-named entries (append: by shadowing, the later member wins; rewrite: old ones dropped).
 * With `trustIndex`, an archive sagewire wrote is appended to from its tail alone (its gzip
 * header's append index); any other, or any doubt, takes the full pass. See docs/archive.md.
 */
export async function injectIntoArchive(opts: InjectOptions): Promise<WriteResult> {
  const files = await resolveFiles(opts.files);
  const mode = opts.mode ?? 'auto';
  if (mode !== 'rewrite' && opts.trustIndex && !opts.verify) {
    try {
      return await appendWithIndex({ ...opts, files });
    } catch (error) {
      if (!(error instanceof IndexUnusable)) throw error;
      if (error.hadIndex) opts.log?.(`reading the whole archive: its append index cannot be used (${error.message})`);
    }
  }
  if (mode !== 'rewrite') {
    try {
      return await appendToArchive({ ...opts, files });
    } catch (error) {
      if (!(error instanceof CannotAppend)) throw error;
      if (mode === 'append') throw new ArchiveError(`cannot append to ${opts.input}: ${error.message}`);
      opts.log?.(`rewriting the whole archive: ${error.message}`);
    }
  }
  return rewriteArchive({ ...opts, files });
}
