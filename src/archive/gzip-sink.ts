import type { MemberTable } from './gzip-index.js';

/** Where tar bytes go to be compressed into a file; `end` resolves once all is written. */
export interface TarSink {
  write(chunk: Buffer): Promise<void> | void;
  /**
   * Called once, just before the tar end-of-archive marker is written: the compressed stream is
   * brought to a full-flush point there (byte-aligned, nothing after it refers back), which the
   * header's append index records.
   */
  flushPoint(): Promise<void>;
  /**
   * Around the member the header records (gzip-index.ts's MemberPoint): a full-flush point
   * before its first header block, and one after its padding.
   */
  memberStart(nameHash: string): Promise<void>;
  memberEnd(): Promise<void>;
  /** Writes the last bytes, the trailer and the header with its append index (`table`: the member names). */
  end(table?: MemberTable): Promise<void>;
  /** File offset just after the trailer once ended (the file's size). */
  readonly bytesOut: number;
}

/** Default gzip level for data we compress (barely compressible chunks are run-length coded). */
export const DEFAULT_LEVEL = 6;
