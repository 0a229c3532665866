/** Where tar bytes go to be compressed into a file; `end` resolves once all is written. */
export interface TarSink {
  write(chunk: Buffer): Promise<void> | void;
  end(): Promise<void>;
  /** Compressed bytes written so far. */
  readonly bytesOut: number;
}

/** Default gzip level for data we compress (barely compressible chunks are run-length coded). */
export const DEFAULT_LEVEL = 6;
