/**
 * CRC-32 (the gzip polynomial) of A followed by B from crc(A), crc(B) and the length of B, without
 * reading A or B: zlib's crc32_combine. A CRC is a remainder of polynomials over GF(2), so
 * crc(A . B) = crc(A) * x^(8 len(B)) mod P  xor  crc(B); x^n mod P is built by repeated squaring.
 * Lengths pass 2^32, so no 32-bit shifts on them.
 */
const POLY = 0xedb88320; // reflected, as zlib and gzip use it

/** a * b mod P, both reflected (bit 31 is the x^0 coefficient). */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let product = 0;
  for (;;) {
    if ((a & m) !== 0) {
      product ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return product >>> 0;
}

/** X2N[k] = x^(2^k) mod P. */
const X2N: number[] = (() => {
  const table: number[] = [];
  let p = 0x40000000; // x^1
  table.push(p);
  for (let k = 1; k < 32; k += 1) table.push((p = multModP(p, p)));
  return table;
})();

/** x^(n * 2^k) mod P. */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000; // x^0
  while (n > 0) {
    if (n % 2 === 1) p = multModP(X2N[k % 32] as number, p);
    n = Math.floor(n / 2);
    k += 1;
  }
  return p;
}

/** The CRC-32 of A . B, given crc(A), crc(B) and len(B) in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA >>> 0) ^ (crcB >>> 0)) >>> 0;
}
