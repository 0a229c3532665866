import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32Combine } from './crc32-combine.js';

describe('crc32Combine', () => {
  it('equals the CRC-32 of the concatenation (random splits, node:zlib as the reference)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.uint8Array({ maxLength: 5000 }), (a, b) => {
        const whole = zlib.crc32(Buffer.concat([a, b]));
        expect(crc32Combine(zlib.crc32(a), zlib.crc32(b), b.length)).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('handles lengths past 2^32 (zeros: crc of n zero bytes, built by combining)', () => {
    // crc(zeros(2^32 + 3)) two ways: combining halves, and combining 2^32 zeros with 3 zeros.
    const zeros3 = zlib.crc32(Buffer.alloc(3));
    let crc = zlib.crc32(Buffer.alloc(1 << 20));
    for (let size = 1 << 20; size < 2 ** 32; size *= 2) crc = crc32Combine(crc, crc, size); // 2^32 zeros
    const viaPowers = crc32Combine(crc, zeros3, 3);
    const half = 2 ** 31;
    let halfCrc = zlib.crc32(Buffer.alloc(1 << 20));
    for (let size = 1 << 20; size < half; size *= 2) halfCrc = crc32Combine(halfCrc, halfCrc, size);
    const viaHalves = crc32Combine(halfCrc, crc32Combine(halfCrc, zeros3, 3), half + 3);
    expect(viaPowers).toBe(viaHalves);
    expect(crc32Combine(0, 0, 0)).toBe(0);
  });

  it('an empty B leaves crc(A)', () => {
    const a = randomBytes(100);
    expect(crc32Combine(zlib.crc32(a), 0, 0)).toBe(zlib.crc32(a));
  });
});
