/** Shared shapes of the archive engine's public API. */

/** One member of an archive, as the scanner reports it. */
export interface EntryInfo {
  /** Normalized path inside the archive: no leading `./`, no `//`, no trailing `/`. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link';
  /** Bytes of content (0 for everything but files). */
  size: number;
  /** Permission bits with setuid/setgid/sticky and world-writable bits removed. */
  mode: number;
  mtime: Date;
  /** Target of a symlink (as written) or of a hard link (normalized archive path). */
  linkname?: string;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
}

/** Bytes processed so far of a long job; `bytesTotal` when known (compressed input size). */
export interface Progress {
  bytesDone: number;
  bytesTotal?: number;
}

/** One file to put into an archive. */
export interface InjectFile {
  /** Path inside the archive (normalized like entry names; `./` prefixes are removed). */
  name: string;
  /** A file path to stream from, or the bytes themselves. */
  source: string | Buffer;
  /** Permission bits; defaults to the source file's (sanitized) or 0o644 for bytes. */
  mode?: number;
  /** Modification time; defaults to SOURCE_DATE_EPOCH, else 1970-01-01 (see memberTime). */
  mtime?: Date;
}

/** What a write (inject or create) did. */
export interface WriteResult {
  /** Absolute path of the written archive. */
  output: string;
  /** Entries a reader sees in the result (shadowed members counted once). */
  entries: number;
  /** Bytes read: the input archive's size plus the injected files' sizes. */
  bytesIn: number;
  /** Bytes of the written archive. */
  bytesOut: number;
  seconds: number;
  method: 'append' | 'rewrite' | 'create';
  /**
   * How much of the input was read: `tail` when its append index let an append read only the
   * header and the last compressed bytes, `whole` when every member was read and checked.
   */
  inputRead?: 'tail' | 'whole';
  /** Names of existing entries replaced by injected files. */
  replaced: string[];
}
