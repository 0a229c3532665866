import zlib from 'node:zlib';

/** The CRC-32 of a member's bytes up to an absolute uncompressed offset. */
export interface CrcSnapshot {
  offset: number;
  crc: number;
}

/**
 * Running CRC-32 of each gzip member's uncompressed bytes, with snapshots after its last chunks
 * (the appender continues the CRC from one). A worker-thread version sharing the inflater's
 * buffers was measured: no faster on two busy cores, and shared buffers are reclaimed late
 * (peak RSS 650 MiB at 1 GiB), so the CRC stays on the reading thread.
 */
export interface CrcTracker {
  /** Output buffers to inflate into. */
  allocate(size: number): Buffer;
  startMember(offset: number): void;
  /** The member's next bytes, in order; the buffer must not change afterwards. */
  update(chunk: Buffer): void;
  /** The member's CRC and the snapshots taken after each of its last chunks. */
  endMember(): Promise<{ crc: number; snapshots: CrcSnapshot[] }>;
  close(): Promise<void>;
}

const SNAPSHOTS = 64;

/** A tracker computing on the calling thread. */
export function crcTracker(): CrcTracker {
  return new LocalCrcTracker();
}

class LocalCrcTracker implements CrcTracker {
  private crc = 0;
  private offset = 0;
  private snapshots: CrcSnapshot[] = [];

  allocate(size: number): Buffer {
    return Buffer.allocUnsafe(size);
  }

  startMember(offset: number): void {
    this.crc = 0;
    this.offset = offset;
    this.snapshots = [];
  }

  update(chunk: Buffer): void {
    this.crc = zlib.crc32(chunk, this.crc);
    this.offset += chunk.length;
    this.snapshots.push({ offset: this.offset, crc: this.crc >>> 0 });
    if (this.snapshots.length > SNAPSHOTS) this.snapshots.shift();
  }

  async endMember(): Promise<{ crc: number; snapshots: CrcSnapshot[] }> {
    return { crc: this.crc >>> 0, snapshots: this.snapshots };
  }

  async close(): Promise<void> {}
}

/** A writer that passes each chunk on to `write` and keeps the CRC-32 and length of all it passed. */
export interface CrcTrackingFeed {
  feed(chunk: Buffer): Promise<void> | void;
  /** The CRC-32 (unsigned) of everything fed so far. */
  crc(): number;
  length(): number;
}

export function crcTrackingFeed(write: (chunk: Buffer) => Promise<void> | void): CrcTrackingFeed {
  let crc = 0;
  let length = 0;
  return {
    feed: (chunk) => {
      crc = zlib.crc32(chunk, crc);
      length += chunk.length;
      return write(chunk);
    },
    crc: () => crc >>> 0,
    length: () => length,
  };
}
