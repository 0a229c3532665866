/** `--limit <name>=<value>` arguments of `sagewire run`: raise or lower a sandbox limit (see docs/local.md). */
import { UsageError } from '../errors.js';
import { DEFAULT_LIMITS, type SandboxLimits } from './sandbox.js';

const UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** Parses `processes=2048`, `mlBytes=64G`, ... (byte limits take a K/M/G/T suffix, powers of 1024). */
export function parseLimitArgs(args: readonly string[]): Partial<SandboxLimits> {
  const out: Partial<SandboxLimits> = {};
  const names = Object.keys(DEFAULT_LIMITS) as (keyof SandboxLimits)[];
  for (const arg of args) {
    const m = /^([A-Za-z]+)=(\d+)([KMGT]?)$/.exec(arg);
    const name = m?.[1] as keyof SandboxLimits | undefined;
    if (!m || !name || !names.includes(name)) {
      throw new UsageError(`--limit ${arg}: expected <name>=<whole number>, name one of ${names.join(', ')} (bytes may end in K, M, G or T)`);
    }
    if (name === 'processes' && m[3]) throw new UsageError(`--limit ${arg}: processes is a count, without a unit`);
    const value = Number(m[2]) * UNITS[m[3]!]!;
    if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--limit ${arg}: must be a whole number >= 1`);
    out[name] = value;
  }
  return out;
}
