import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { ArchiveError } from '../errors.js';
import { readArchiveBytes, type BlockMark, type ReadSummary } from './compressed-reader.js';
import { normalizeEntryName } from './entry-name.js';
import { EntryRules, type CheckedEntry } from './entry-rules.js';
import { lastMemberCollector } from './last-member.js';
import { LimitTracker, type ArchiveLimits } from './limits.js';
import { TarParser, type RawEntry } from './tar-parser.js';
import type { EntryInfo, Progress } from './types.js';

/** Called for every member that passed the rules; `body` is given for files only. */
export type OnEntry = (entry: EntryInfo, body?: NodeJS.ReadableStream) => Promise<void> | void;

/** Low-level hooks of one validated pass over an archive (used by scan, rewrite and append). */
export interface PassHooks {
  limits?: Partial<ArchiveLimits>;
  onProgress?: (p: Progress) => void;
  onBlock?: (mark: BlockMark) => void;
  /** Every member with its raw header bytes; `checked` is undefined for the root folder. */
  onRawEntry?: (raw: RawEntry, checked: CheckedEntry | undefined) => Promise<void> | void;
  onRawData?: (chunk: Buffer) => Promise<void> | void;
  onRawEntryEnd?: () => Promise<void> | void;
  onEntry?: OnEntry;
  /** Every uncompressed chunk of the tar stream, before it is parsed. */
  onUncompressed?: (chunk: Buffer) => void;
  /** Every byte of the file as read (compressed, for a .tar.gz). */
  onFileBytes?: (chunk: Buffer) => void;
}

/** What one pass saw. */
export interface PassResult extends ReadSummary {
  entries: EntryInfo[];
  /** Uncompressed offset of the tar end-of-archive marker. */
  endOffset: number;
}

/** Reads an archive once, applying every rule and limit, and calls the hooks in order. */
export async function validatedPass(path: string, hooks: PassHooks): Promise<PassResult> {
  const limits = new LimitTracker(hooks.limits);
  const rules = new EntryRules();
  const entries: EntryInfo[] = [];
  let body: BodyFeed | undefined;
  const parser = new TarParser(
    {
      entry: async (raw) => {
        limits.entry(raw.name, raw.size);
        const checked = rules.check(raw);
        if (checked) entries.push(checked.info);
        if (hooks.onRawEntry) await hooks.onRawEntry(raw, checked);
        if (checked && hooks.onEntry) {
          if (checked.info.type === 'file') {
            body = new BodyFeed();
            body.start(hooks.onEntry(checked.info, body.stream));
          } else {
            await hooks.onEntry(checked.info);
          }
        }
      },
      data: async (chunk) => {
        if (hooks.onRawData) await hooks.onRawData(chunk);
        if (body) await body.write(chunk);
      },
      entryEnd: async () => {
        if (hooks.onRawEntryEnd) await hooks.onRawEntryEnd();
        if (body) {
          const feed = body;
          body = undefined;
          await feed.end();
        }
      },
    },
    { maxHeaderBytes: limits.limits.maxHeaderBytes },
  );
  let uncompressed = 0;
  try {
    const summary = await readArchiveBytes(path, {
      ...(hooks.onFileBytes ? { onFileBytes: hooks.onFileBytes } : {}),
      onData: (chunk, compressedSoFar) => {
        uncompressed += chunk.length;
        hooks.onUncompressed?.(chunk);
        limits.ratio(uncompressed, compressedSoFar, parser.currentEntry);
        return parser.write(chunk);
      },
      onBlock: hooks.onBlock,
      onProgress: hooks.onProgress,
    });
    parser.end();
    rules.finish();
    return { ...summary, entries, endOffset: parser.endOffset as number };
  } catch (error) {
    body?.fail(error);
    if (error instanceof ArchiveError) {
      // A file-level problem (CRC, truncation, garbage) still names the member it hit.
      if (error.entry === undefined && parser.currentEntry !== undefined) {
        throw new ArchiveError(error.message, parser.currentEntry, { cause: error });
      }
      throw error;
    }
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_')) {
      throw new ArchiveError(`corrupt gzip data (${error.message})`, parser.currentEntry, { cause: error });
    }
    throw error;
  }
}

/** Feeds one file's bytes to an onEntry consumer, which may read them or ignore them. */
class BodyFeed {
  readonly stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  private settled = false;
  private result: Promise<void> = Promise.resolve();

  start(consumer: Promise<void> | void): void {
    this.result = Promise.resolve(consumer).finally(() => {
      this.settled = true;
      // A consumer that returned without reading: throw the rest away.
      this.stream.resume();
    });
    this.result.catch(() => undefined);
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.stream.write(chunk) || this.settled) return;
    await Promise.race([once(this.stream, 'drain'), this.result]);
  }

  async end(): Promise<void> {
    this.stream.end();
    await this.result;
  }

  fail(error: unknown): void {
    this.stream.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Streams a .tar.gz (or plain .tar), validating every entry and the gzip trailer; `onEntry` gets
 * the content stream of files (drain it or not). Throws ArchiveError naming the entry.
 */
export async function scanArchive(
  path: string,
  opts: { limits?: Partial<ArchiveLimits>; onEntry?: OnEntry; onProgress?: (p: Progress) => void; sha256?: boolean } = {},
): Promise<{ entries: EntryInfo[]; compressedBytes: number; uncompressedBytes: number; sha256?: string }> {
  // The file's digest comes from the bytes the scan reads anyway: one pass validates and hashes.
  const hash = opts.sha256 ? createHash('sha256') : undefined;
  const result = await validatedPass(path, { ...opts, ...(hash ? { onFileBytes: (chunk: Buffer) => hash.update(chunk) } : {}) });
  return {
    entries: result.entries,
    compressedBytes: result.compressedBytes,
    uncompressedBytes: result.uncompressedBytes,
    ...(hash ? { sha256: hash.digest('hex') } : {}),
  };
}

/** Default cap on the bytes readArchiveMember returns (16 MiB). */
export const DEFAULT_MEMBER_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The bytes of one member (e.g. 'hyperparameters.json'; './hyperparameters.json' matches too);
 * the last occurrence wins; undefined if absent. Still validates the whole archive.
 */
export async function readArchiveMember(
  path: string,
  name: string,
  opts: { limits?: Partial<ArchiveLimits>; maxBytes?: number } = {},
): Promise<Buffer | undefined> {
  const wanted = normalizeEntryName(name);
  const maxBytes = opts.maxBytes ?? DEFAULT_MEMBER_MAX_BYTES;
  const last = lastMemberCollector(wanted, (info) => {
    if (info.type !== 'file') throw new ArchiveError(`is a ${info.type}, not a regular file`, info.name);
    if (info.size > maxBytes) throw new ArchiveError(`member of ${info.size} bytes is over the ${maxBytes}-byte limit for reading it`, wanted);
  });
  await validatedPass(path, {
    limits: opts.limits,
    onRawEntry: (_raw, checked) => last.entry(checked),
    onRawData: (chunk) => last.data(chunk),
    onRawEntryEnd: () => last.entryEnd(),
  });
  return last.found();
}
