import { basename } from 'node:path';
import { formatBytes, mibPerSecond } from './format.js';

/** What every script reports about the archive it wrote (the `data` of its CLI result). */
export interface ScriptSummary {
  /** Absolute path of the written archive. */
  output: string;
  /** Entries in the written archive. */
  entries: number;
  /** Bytes read from the inputs. */
  bytesIn: number;
  /** Bytes of the written archive. */
  bytesOut: number;
  seconds: number;
  /** `bytesIn / seconds` in MiB/s. */
  mibPerSecond: number;
  /** How the archive was written: `append`, `rewrite` or `create` (or `copy` when nothing changed). */
  method: string;
  /** Entry names the script added or replaced. */
  injected: string[];
  /** Entry names that shadow or replaced one already in the input. */
  replaced: string[];
}

/** Fills the rate field from bytes and seconds. */
export function withRate(summary: Omit<ScriptSummary, 'mibPerSecond'>): ScriptSummary {
  return { ...summary, mibPerSecond: Number(mibPerSecond(summary.bytesIn, summary.seconds).toFixed(2)) };
}

/**
 * The one-line human summary:
 * `model.tar.gz: 14 entries, 3.2 MiB in, 3.3 MiB out, 0.12 s, 26.7 MiB/s (append, 1 replaced) -> /out/model.tar.gz`.
 */
export function formatSummary(summary: ScriptSummary): string {
  const extra = [summary.method, ...(summary.replaced.length ? [`${summary.replaced.length} replaced`] : [])].join(', ');
  return (
    `${basename(summary.output)}: ${summary.entries} entries, ${formatBytes(summary.bytesIn)} in, ` +
    `${formatBytes(summary.bytesOut)} out, ${summary.seconds.toFixed(2)} s, ` +
    `${summary.mibPerSecond.toFixed(1)} MiB/s (${extra}) -> ${summary.output}`
  );
}
