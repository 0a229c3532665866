import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readArchiveBytes } from './compressed-reader.js';
import { tempDir } from './test-support/trees.js';

const READ = 4 * 1024 * 1024;

/** One gzip member of `data` whose header carries an FNAME of `nameLength` bytes. */
function member(data: Buffer, nameLength: number): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 8, nameLength > 0 ? 8 : 0, 0, 0, 0, 0, 0, 255]);
  const name = nameLength > 0 ? Buffer.concat([Buffer.alloc(nameLength - 1, 0x61), Buffer.from([0])]) : Buffer.alloc(0);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, name, zlib.deflateRawSync(data, { level: 0 }), trailer]);
}

async function readBack(path: string): Promise<{ data: Buffer; members: number }> {
  const parts: Buffer[] = [];
  const summary = await readArchiveBytes(path, { onData: (chunk) => void parts.push(Buffer.from(chunk)) });
  return { data: Buffer.concat(parts), members: summary.members.length };
}

describe('readArchiveBytes across its 4 MiB reads', () => {
  it('reads members whose header and trailer straddle a read boundary, and a header longer than a read', async () => {
    const dir = await tempDir();
    // Stored blocks, so that sizes are exact. A member ending 4 bytes after the first read
    // (its trailer across the boundary):
    const overhead = member(randomBytes(READ), 0).length - READ;
    const first = randomBytes(READ + 4 - overhead);
    const firstMember = member(first, 0);
    expect(firstMember.length).toBe(READ + 4);
    // A member after it whose FNAME crosses the second boundary; one whose FNAME spans two reads.
    const second = randomBytes(READ);
    const third = randomBytes(1000);
    const cases = [
      { name: 'trailer across', parts: [first], layout: [firstMember] },
      { name: 'header across', parts: [first, second], layout: [firstMember, member(second, READ + 100)] },
      { name: 'name over two reads', parts: [third, second], layout: [member(third, 2 * READ + 17), member(second, 0)] },
    ];
    for (const { name, parts, layout } of cases) {
      const path = join(dir, `${name}.gz`);
      await writeFile(path, Buffer.concat(layout));
      const got = await readBack(path);
      expect(got.members, name).toBe(layout.length);
      expect(got.data.equals(Buffer.concat(parts)), name).toBe(true);
    }
  });
});
