import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../errors.js';
import { EntryRules, sanitizeMode } from './entry-rules.js';
import type { RawEntry } from './tar-parser.js';

function raw(name: string, typeflag = '0', extra: Partial<RawEntry> = {}): RawEntry {
  return { name, typeflag, typeNul: false, nameSource: 'header', mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, linkname: '', uname: '', gname: '', headerBytes: Buffer.alloc(512), headerOffset: 0, dataOffset: 512, ...extra };
}

describe('EntryRules', () => {
  it('normalizes names and skips the root folder', () => {
    const rules = new EntryRules();
    expect(rules.check(raw('./', '5'))).toBeUndefined();
    expect(rules.check(raw('./a//b/./c.txt'))?.info.name).toBe('a/b/c.txt');
  });

  it('reads a v7 folder (regular-file header, trailing slash) as a folder', () => {
    const rules = new EntryRules();
    expect(rules.check(raw('code/', '0', { typeNul: true }))?.info.type).toBe('directory');
    expect(rules.check(raw('code/x.py'))?.info.type).toBe('file');
  });

  it('lets a regular file repeat (last wins) and a folder repeat', () => {
    const rules = new EntryRules();
    rules.check(raw('d/', '5'));
    rules.check(raw('d/', '5'));
    rules.check(raw('d/a'));
    expect(() => rules.check(raw('./d/a'))).not.toThrow();
  });

  it('accepts symlinks that stay inside, through other symlinks too', () => {
    const rules = new EntryRules();
    rules.check(raw('weights/v1/model.bin'));
    rules.check(raw('current', '2', { linkname: 'weights/v1' }));
    rules.check(raw('weights/latest', '2', { linkname: '../current/model.bin' }));
    expect(() => rules.finish()).not.toThrow();
  });

  it('names the entry in its errors', () => {
    const rules = new EntryRules();
    rules.check(raw('a.txt'));
    const error = (() => {
      try {
        rules.check(raw('a.txt', '2', { linkname: 'b' }));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).entry).toBe('a.txt');
  });

  it('strips setuid, setgid, sticky and world-writable bits', () => {
    expect(sanitizeMode(0o7777)).toBe(0o775);
    expect(sanitizeMode(0o100644)).toBe(0o644);
    expect(sanitizeMode(0o4755)).toBe(0o755);
  });
});
