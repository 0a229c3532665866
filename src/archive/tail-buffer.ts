/**
 * The most recent uncompressed bytes of a stream, kept as references to the chunks the reader
 * produced (no copy), bounded by `capacity`.
 */
export class TailBuffer {
  private chunks: { offset: number; bytes: Buffer }[] = [];
  private held = 0;
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(chunk: Buffer): void {
    this.chunks.push({ offset: this.next, bytes: chunk });
    this.next += chunk.length;
    this.held += chunk.length;
    while (this.chunks.length > 1 && this.held - (this.chunks[0] as { bytes: Buffer }).bytes.length >= this.capacity) {
      this.held -= (this.chunks.shift() as { bytes: Buffer }).bytes.length;
    }
  }

  /** Offset just past the last byte pushed. */
  get end(): number {
    return this.next;
  }

  /** A copy of bytes [from, to), or undefined if they are no longer held. */
  slice(from: number, to: number): Buffer | undefined {
    const first = this.chunks[0];
    if (!first || from < first.offset || to > this.next || from > to) return undefined;
    const parts: Buffer[] = [];
    for (const { offset, bytes } of this.chunks) {
      const start = Math.max(from, offset);
      const stop = Math.min(to, offset + bytes.length);
      if (start < stop) parts.push(bytes.subarray(start - offset, stop - offset));
    }
    return Buffer.concat(parts, to - from);
  }
}
