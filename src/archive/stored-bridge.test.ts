import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { storedBlockBridge } from './stored-bridge.js';

describe('storedBlockBridge', () => {
  it('keeps the bits before the cut and pads with an empty stored block', () => {
    expect(storedBlockBridge(8 * 10 + 0, 0xff)).toEqual({ startByte: 10, bytes: Buffer.from([0x00, 0, 0, 0xff, 0xff]) });
    expect(storedBlockBridge(8 * 10 + 3, 0xff)).toEqual({ startByte: 10, bytes: Buffer.from([0x07, 0, 0, 0xff, 0xff]) });
    expect(storedBlockBridge(8 * 10 + 6, 0xff)).toEqual({ startByte: 10, bytes: Buffer.from([0x3f, 0x00, 0, 0, 0xff, 0xff]) });
  });

  it('works past 2^31 bits (archives over 256 MiB)', () => {
    expect(storedBlockBridge(2 ** 34 + 5, 0xff).startByte).toBe(2 ** 31);
    expect(storedBlockBridge(2 ** 34 + 5, 0xff).bytes[0]).toBe(0x1f);
  });

  it('joins a cut deflate stream to a new one that zlib decodes', () => {
    const first = Buffer.from('hello hello hello, ');
    // A fixed-Huffman block ending at a known bit: zlib's Z_PARTIAL_FLUSH would add empty blocks,
    // so cut a whole stream before its final block instead: deflate + sync flush ends on a byte.
    const head = zlib.deflateRawSync(first, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const bridge = storedBlockBridge(head.length * 8, 0);
    const tail = zlib.deflateRawSync(Buffer.from('world'), { dictionary: first });
    const joined = Buffer.concat([head.subarray(0, bridge.startByte), bridge.bytes, tail]);
    expect(zlib.inflateRawSync(joined).toString()).toBe('hello hello hello, world');
  });
});
