import { ArchiveError } from '../errors.js';

/** Limits that stop a hostile or runaway archive while it is being read. */
export interface ArchiveLimits {
  /** Most members (headers) an archive may hold. */
  maxEntries: number;
  /** Most bytes of content all members may hold together. */
  maxTotalBytes: number;
  /** Most uncompressed bytes per compressed byte (checked once more than 32 MiB came out). */
  maxRatio: number;
  /** Most bytes one member may hold; defaults to `maxTotalBytes`. */
  maxEntryBytes?: number;
  /**
   * Most bytes of extension headers (pax, pax global, GNU long name/link) one member may have;
   * they are held in memory until the member's own header. Defaults to 1 MiB.
   */
  maxHeaderBytes?: number;
}

/** 200k entries, 256 GiB in total, ratio 250 (model weights compress far less; zero bombs ~1000). */
export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 200_000,
  maxTotalBytes: 256 * 1024 ** 3,
  maxRatio: 250,
  maxHeaderBytes: 1024 * 1024,
};

const RATIO_GRACE_BYTES = 32 * 1024 * 1024;

/** Counts entries and bytes as they arrive and throws the moment a limit is crossed. */
export class LimitTracker {
  readonly limits: ArchiveLimits;
  private entries = 0;
  private contentBytes = 0;

  constructor(limits?: Partial<ArchiveLimits>) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** A new member header was read. */
  entry(name: string, size: number): void {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) {
      throw new ArchiveError(`more than ${this.limits.maxEntries} entries (limit maxEntries)`, name, { reason: 'limit' });
    }
    const maxEntry = this.limits.maxEntryBytes ?? this.limits.maxTotalBytes;
    if (size > maxEntry) {
      throw new ArchiveError(`entry of ${size} bytes is over the ${maxEntry}-byte limit (maxEntryBytes)`, name, { reason: 'limit' });
    }
    this.contentBytes += size;
    if (this.contentBytes > this.limits.maxTotalBytes) {
      throw new ArchiveError(
        `content reaches ${this.contentBytes} bytes, over the ${this.limits.maxTotalBytes}-byte limit (maxTotalBytes)`,
        name,
        { reason: 'limit' },
      );
    }
  }

  /** Decompressed `uncompressed` bytes out of `compressed` bytes so far; `name` is the entry being read. */
  ratio(uncompressed: number, compressed: number, name: string | undefined): void {
    if (uncompressed <= RATIO_GRACE_BYTES) return;
    if (uncompressed > this.limits.maxRatio * Math.max(compressed, 1)) {
      throw new ArchiveError(
        `compression ratio over ${this.limits.maxRatio} (${uncompressed} bytes from ${compressed}; limit maxRatio): a compression bomb?`,
        name,
        { reason: 'limit' },
      );
    }
  }

  /** Entries counted so far. */
  get entryCount(): number {
    return this.entries;
  }
}
