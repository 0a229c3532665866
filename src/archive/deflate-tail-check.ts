/**
 * A small deflate decoder (after the design of zlib's contrib/puff) used only to check that the
 * deflate data starting at a given bit decodes to known bytes and ends exactly at a given byte.
 * Unlike feeding zlib a bit-shifted copy, it keeps the original byte alignment, so stored
 * blocks in the checked tail decode correctly. Tails are small (a block or two).
 */

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

class Invalid extends Error {}

interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

function huffman(lengths: ArrayLike<number>, n: number): Huffman {
  const count = new Uint16Array(16);
  for (let s = 0; s < n; s += 1) count[lengths[s] as number] = (count[lengths[s] as number] as number) + 1;
  let left = 1;
  for (let len = 1; len < 16; len += 1) {
    left = left * 2 - (count[len] as number);
    if (left < 0) throw new Invalid('over-subscribed code');
  }
  const offsets = new Uint16Array(16);
  for (let len = 1; len < 15; len += 1) offsets[len + 1] = (offsets[len] as number) + (count[len] as number);
  const symbol = new Uint16Array(n);
  for (let s = 0; s < n; s += 1) {
    const len = lengths[s] as number;
    if (len !== 0) symbol[(offsets[len] as number)++] = s;
  }
  return { count, symbol };
}

const FIXED = (() => {
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  return { lit: huffman(lengths, 288), dist: huffman(new Uint8Array(30).fill(5), 30) };
})();

class Decoder {
  private out = 0;

  constructor(
    private readonly data: Buffer,
    private pos: number,
    private readonly window: Buffer,
    private readonly expected: Buffer,
  ) {}

  private bit(): number {
    const byte = this.data[this.pos >> 3];
    if (byte === undefined) throw new Invalid('ran out of data');
    const value = (byte >> (this.pos & 7)) & 1;
    this.pos += 1;
    return value;
  }

  private bits(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i += 1) value |= this.bit() << i;
    return value;
  }

  private decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len += 1) {
      code |= this.bit();
      const count = h.count[len] as number;
      if (code - count < first) return h.symbol[index + (code - first)] as number;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Invalid('bad code');
  }

  private emit(byte: number): void {
    if (this.expected[this.out] !== byte) throw new Invalid('different data');
    this.out += 1;
  }

  private stored(): void {
    this.pos = Math.ceil(this.pos / 8) * 8;
    const len = this.bits(16);
    const nlen = this.bits(16);
    if ((len ^ 0xffff) !== nlen) throw new Invalid('bad stored length');
    for (let i = 0; i < len; i += 1) this.emit(this.bits(8));
  }

  private codes(lit: Huffman, dist: Huffman): void {
    for (;;) {
      const symbol = this.decode(lit);
      if (symbol < 256) this.emit(symbol);
      else if (symbol === 256) return;
      else {
        const index = symbol - 257;
        if (index >= 29) throw new Invalid('bad length symbol');
        const length = (LENGTH_BASE[index] as number) + this.bits(LENGTH_EXTRA[index] as number);
        const dsym = this.decode(dist);
        if (dsym >= 30) throw new Invalid('bad distance symbol');
        const distance = (DIST_BASE[dsym] as number) + this.bits(DIST_EXTRA[dsym] as number);
        for (let i = 0; i < length; i += 1) {
          const from = this.out - distance;
          const byte = from >= 0 ? this.expected[from] : this.window[this.window.length + from];
          if (byte === undefined) throw new Invalid('distance too far back');
          this.emit(byte);
        }
      }
    }
  }

  private dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new Invalid('bad counts');
    const lengths = new Uint8Array(320);
    for (let i = 0; i < ncode; i += 1) lengths[CODE_LENGTH_ORDER[i] as number] = this.bits(3);
    const lencode = huffman(lengths, 19);
    lengths.fill(0);
    let index = 0;
    while (index < nlen + ndist) {
      let symbol = this.decode(lencode);
      if (symbol < 16) {
        lengths[index++] = symbol;
        continue;
      }
      let len = 0;
      if (symbol === 16) {
        if (index === 0) throw new Invalid('repeat with no first length');
        len = lengths[index - 1] as number;
        symbol = 3 + this.bits(2);
      } else if (symbol === 17) symbol = 3 + this.bits(3);
      else symbol = 11 + this.bits(7);
      if (index + symbol > nlen + ndist) throw new Invalid('too many lengths');
      while (symbol-- > 0) lengths[index++] = len;
    }
    if (lengths[256] === 0) throw new Invalid('no end-of-block code');
    this.codes(huffman(lengths, nlen), huffman(lengths.subarray(nlen), ndist));
  }

  /** Decodes blocks to the final one; true if it produced exactly `expected` and ends in byte `endByte`. */
  run(endByte: number): boolean {
    let last = 0;
    while (last === 0) {
      last = this.bit();
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(FIXED.lit, FIXED.dist);
      else if (type === 2) this.dynamic();
      else throw new Invalid('bad block type');
    }
    return this.out === this.expected.length && Math.ceil(this.pos / 8) === endByte;
  }
}

/**
 * True when the raw deflate data in `data` starting at bit `bit` (bit 0 = lowest bit of byte 0)
 * decodes, with `window` as the preceding history, to exactly `expected`, with its final block
 * ending in the last byte of `data`.
 */
export function deflateTailDecodesTo(data: Buffer, bit: number, window: Buffer, expected: Buffer): boolean {
  try {
    return new Decoder(data, bit, window, expected).run(data.length);
  } catch (error) {
    if (error instanceof Invalid) return false;
    throw error;
  }
}
