/**
 * Shifts a little-endian bit stream right by `bits` (0..7): bit `bits` of byte 0 becomes bit 0.
 * Deflate packs bits from the low end of each byte, so this re-aligns a stream that starts in
 * the middle of a byte.
 */
export function shiftBitsRight(input: Buffer, bits: number): Buffer {
  if (bits === 0) return input;
  const out = Buffer.allocUnsafe(input.length);
  const back = 8 - bits;
  for (let i = 0; i < input.length; i += 1) {
    out[i] = (((input[i] as number) >> bits) | ((input[i + 1] ?? 0) << back)) & 0xff;
  }
  return out;
}

/** Streams `shiftBitsRight` over consecutive chunks. */
export class BitShifter {
  private carry: number | undefined;

  constructor(private readonly bits: number) {}

  push(chunk: Buffer): Buffer {
    if (this.bits === 0) return chunk;
    const joined = this.carry === undefined ? chunk : Buffer.concat([Buffer.from([this.carry]), chunk]);
    if (joined.length === 0) return joined;
    this.carry = joined[joined.length - 1];
    return shiftBitsRight(joined, this.bits).subarray(0, joined.length - 1);
  }

  end(): Buffer {
    if (this.bits === 0 || this.carry === undefined) return Buffer.alloc(0);
    const last = Buffer.from([(this.carry >> this.bits) & 0xff]);
    this.carry = undefined;
    return last;
  }
}
