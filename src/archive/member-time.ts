import { ArchiveError } from '../errors.js';

/**
 * The modification time sagewire writes on every member it adds to an archive: the
 * `SOURCE_DATE_EPOCH` environment variable (whole seconds since 1970, the convention of
 * reproducible-builds.org) when set, else the epoch itself. A source file's own mtime is not
 * used: it changes with every checkout, copy or staging, and the same inputs must give the
 * same bytes (so content-hash dedup and step caching work across runs).
 */
export function memberTime(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return new Date(0);
  if (!/^\d{1,11}$/.test(raw) || Number(raw) > 0o77777777777) {
    throw new ArchiveError(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (at most ${0o77777777777}), got '${raw}'`);
  }
  return new Date(Number(raw) * 1000);
}
