/**
 * A script contract: what a container script expects to find and where it writes.
 *
 * Plain data, read by both halves: the step builder lays out the container paths from it,
 * and the script finds its inputs and outputs through it (with a per-path override for runs
 * outside a container). Keys of `inputs`/`outputs` are the logical names of the step's
 * specification.
 */
export interface ScriptContract {
  /** File name of the bundled script, run as `node /opt/ml/processing/input/code/<entryPoint>`. */
  entryPoint: string;
  /** Logical input name -> absolute container path (a folder, or a file where noted). */
  inputs: Record<string, string>;
  /** Logical output name -> absolute container folder. */
  outputs: Record<string, string>;
  requiredEnv: string[];
  /** Optional env var -> default value ('' when none). */
  optionalEnv: Record<string, string>;
  /** What the container image must provide, e.g. `{ node: ">=20" }`. */
  frameworkRequirements: Record<string, string>;
  description: string;
}

/** Where the bundled script itself is mounted inside a processing container. */
export const PROCESSING_CODE_DIR = '/opt/ml/processing/input/code';

/** Defines a contract; the identity function that checks the shape at compile time. */
export function defineContract<C extends ScriptContract>(contract: C): C {
  return contract;
}
