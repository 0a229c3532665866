/**
 * The bytes that end a deflate stream's current block sequence at bit `bit` of the file and
 * bring it to a byte boundary: the low `bit % 8` bits of the byte holding that bit are kept
 * (they end the previous block), then an empty stored block (BFINAL 0, BTYPE 00, padding,
 * LEN 0, NLEN 0xffff) follows. Returns the file offset of that byte and the bytes to write there.
 * Bit positions pass 2^31 in archives over 256 MiB, so no 32-bit bit operators on them.
 */
export function storedBlockBridge(bit: number, byteAtCut: number): { startByte: number; bytes: Buffer } {
  const startByte = Math.floor(bit / 8);
  const shift = bit % 8;
  const head = [byteAtCut & ((1 << shift) - 1)];
  // The 3 header bits no longer fit in this byte: the next byte holds them, then padding.
  if (shift > 5) head.push(0);
  return { startByte, bytes: Buffer.from([...head, 0x00, 0x00, 0xff, 0xff]) };
}
