import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../../errors.js';
import { inArchive } from './archive-context.js';
import { archiveLimitsFromEnv } from './archive-limits.js';

describe('archiveLimitsFromEnv', () => {
  it('reads the limits a user sets, and nothing when unset', () => {
    expect(archiveLimitsFromEnv({})).toBeUndefined();
    expect(archiveLimitsFromEnv({ SAGEWIRE_ARCHIVE_LIMITS: '{"maxEntries": 10, "maxRatio": 50}' })).toEqual({ maxEntries: 10, maxRatio: 50 });
  });

  it('names a bad key or value', () => {
    expect(() => archiveLimitsFromEnv({ SAGEWIRE_ARCHIVE_LIMITS: '{"maxFiles": 1}' })).toThrow('SAGEWIRE_ARCHIVE_LIMITS.maxFiles: unknown limit; known: maxEntries, maxTotalBytes, maxRatio, maxEntryBytes');
    expect(() => archiveLimitsFromEnv({ SAGEWIRE_ARCHIVE_LIMITS: '{"maxEntries": -1}' })).toThrow('SAGEWIRE_ARCHIVE_LIMITS.maxEntries: must be a positive number, got -1');
    expect(() => archiveLimitsFromEnv({ SAGEWIRE_ARCHIVE_LIMITS: '12' })).toThrow('must be a JSON object, got 12');
  });
});

describe('inArchive', () => {
  it('adds the archive path to a whole-file error, and leaves entry errors as they are', async () => {
    await expect(inArchive('/m.tar.gz', () => Promise.reject(new ArchiveError('bad tar header checksum at byte 0')))).rejects.toThrow(
      '/m.tar.gz: bad tar header checksum at byte 0',
    );
    await expect(inArchive('/m.tar.gz', () => Promise.reject(new ArchiveError('absolute path', '/etc/x')))).rejects.toThrow(/^\/etc\/x: absolute path$/);
  });
});

describe('withFileErrors', () => {
  it('turns a file-system failure into a ScriptError naming the path', async () => {
    const { withFileErrors } = await import('./file-errors.js');
    const { readFile } = await import('node:fs/promises');
    await expect(withFileErrors(() => readFile('/no/such/file'))).rejects.toMatchObject({
      code: 'SCRIPT',
      message: '/no/such/file: no such file or folder (ENOENT on open)',
    });
    await expect(withFileErrors(() => Promise.reject(new TypeError('bug')))).rejects.toThrow(TypeError);
  });
});
