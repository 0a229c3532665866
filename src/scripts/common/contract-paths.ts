import { isAbsolute, resolve } from 'node:path';
import { ScriptError } from '../../errors.js';
import type { ScriptContract } from '../../spec/contract.js';

/** The environment variable that overrides container paths: JSON `{"<logical name>": "<path>"}`. */
export const PATHS_ENV = 'SAGEWIRE_PATHS';

/** Every logical input and output of a contract mapped to the path the script should use. */
export interface ContractPaths {
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  /** Logical names whose path came from an override rather than the contract. */
  overridden: string[];
}

export interface ResolvePathsOptions {
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Command-line arguments after the script name: `--<logical_name> <path>` or `--<logical_name>=<path>`. */
  argv?: string[];
  /** Folder relative override paths resolve against (default `process.cwd()`). */
  cwd?: string;
}

/**
 * Resolves a script's container paths: the contract's path for each logical name, replaced by
 * `--<logical_name>` (kebab-case accepted too) or else by `SAGEWIRE_PATHS`. An unknown name or a
 * malformed override is a ScriptError listing the names the contract knows.
 */
export function resolveContractPaths(
  contract: Pick<ScriptContract, 'entryPoint' | 'inputs' | 'outputs'>,
  options: ResolvePathsOptions = {},
): ContractPaths {
  const cwd = options.cwd ?? process.cwd();
  const known = [...Object.keys(contract.inputs), ...Object.keys(contract.outputs)];
  const overrides = { ...pathsFromEnv(options.env ?? process.env, known), ...pathsFromArgv(options.argv ?? [], known) };
  const pick = (table: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(table).map(([name, path]) => {
        const override = overrides[name];
        return [name, override === undefined ? path : isAbsolute(override) ? override : resolve(cwd, override)];
      }),
    );
  return { inputs: pick(contract.inputs), outputs: pick(contract.outputs), overridden: Object.keys(overrides) };
}

function checkName(name: string, known: string[], where: string): string {
  const logical = name.replaceAll('-', '_');
  if (!known.includes(logical)) {
    throw new ScriptError(`${where}: unknown path name ${JSON.stringify(name)}; this script knows ${known.join(', ')}`);
  }
  return logical;
}

function pathsFromEnv(env: Record<string, string | undefined>, known: string[]): Record<string, string> {
  const raw = env[PATHS_ENV];
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new ScriptError(`${PATHS_ENV}: must be a JSON object of logical name -> path (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ScriptError(`${PATHS_ENV}: must be a JSON object of logical name -> path, got ${JSON.stringify(parsed)}`);
  }
  const out: Record<string, string> = {};
  for (const [name, path] of Object.entries(parsed)) {
    const logical = checkName(name, known, PATHS_ENV);
    if (typeof path !== 'string' || path === '') {
      throw new ScriptError(`${PATHS_ENV}.${name}: must be a non-empty path string, got ${JSON.stringify(path)}`);
    }
    out[logical] = path;
  }
  return out;
}

function pathsFromArgv(argv: string[], known: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ScriptError(`argument ${JSON.stringify(arg)}: expected --<path name> <path>`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    const logical = checkName(name, known, `argument --${name}`);
    if (value === undefined || value === '') throw new ScriptError(`argument --${name}: a path is required`);
    out[logical] = value;
  }
  return out;
}
