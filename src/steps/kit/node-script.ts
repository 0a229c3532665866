/**
 * sagewire's own processing steps run a bundled Node script, the code staged as the input
 * `code` and the pinned Node runtime as the input `runtime` (see spec/node-entrypoint.ts;
 * `hostNode` compiles run the host's `node` instead).
 * A config may replace it with its own script: a `processing_entry_point` other than the
 * bundle's name, inside a local `processing_source_dir` (`.py` runs with python3, anything
 * else with node). A `processing_source_dir` alone (e.g. shared by all steps) changes nothing.
 * cursus's own script names get sagewire's bundle unless `processing_entry_point_is_user_script`.
 */
import { join } from 'node:path';
import { PROCESSING_CODE_DIR, type ScriptContract } from '../../spec/contract.js';
import { nodeEntrypoint, RUNTIME_INPUT_DIR, RUNTIME_INPUT_NAME } from '../../spec/node-entrypoint.js';
import type { ProcessingInputProps } from '../../dsl/steps/processing-step.js';
import type { Value } from '../../dsl/expressions.js';
import { recordedBundleDigest } from '../../assets/bundle-digests.js';
import { ConfigError } from '../../errors.js';
import type { BuildContext } from './build-context.js';
import { scriptBundlePath } from './package-root.js';

export interface ScriptCode {
  entrypoint: Value[];
  codeInput: ProcessingInputProps;
  /** The carried Node runtime (absent for Python scripts and host-node compiles). */
  runtimeInput?: ProcessingInputProps;
  /** The step runs Node (so needs an image with glibc >= 2.28 when it carries the runtime). */
  runsNode: boolean;
}

/** The code and runtime inputs of a script step, in that order. */
export function scriptInputs(code: ScriptCode): ProcessingInputProps[] {
  return code.runtimeInput ? [code.codeInput, code.runtimeInput] : [code.codeInput];
}

export interface ScriptFields {
  processing_source_dir?: string | undefined;
  processing_entry_point?: string | undefined;
  processing_entry_point_is_user_script?: boolean | undefined;
  processing_script_arguments?: string[] | undefined;
}

/**
 * sagewire's bundles take no arguments but `--<logical name> <path>` overrides and refuse any
 * other; arguments they would refuse are reported now rather than when the step runs.
 */
function checkBundleArguments(stepName: string, contract: ScriptContract, args: string[]): void {
  const names = new Set([...Object.keys(contract.inputs), ...Object.keys(contract.outputs)]);
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const eq = flag.indexOf('=');
    const name = flag.startsWith('--') ? (eq === -1 ? flag.slice(2) : flag.slice(2, eq)).replaceAll('-', '_') : undefined;
    const value = eq === -1 ? args[++i] : flag.slice(eq + 1);
    if (name === undefined || !names.has(name) || !value) {
      throw new ConfigError(`${stepName}.processing_script_arguments: sagewire's ${contract.entryPoint} would refuse them`, [
        {
          path: `${stepName}.processing_script_arguments`,
          message: `got ${JSON.stringify(flag)}; the bundle takes only "--<name> <path>" overrides, name one of ${[...names].join(', ')}`,
        },
      ]);
    }
  }
}

/**
 * cursus 2.9.32's own script names for the steps sagewire implements itself (older builders
 * used the mims_ names), by sagewire entry point. A config naming one of them gets sagewire's
 * implementation: cursus's Python script reads other container paths and would fail at run time.
 */
export const CURSUS_SCRIPT_NAMES: Readonly<Record<string, readonly string[]>> = {
  'package.mjs': ['package.py', 'mims_package.py'],
  'payload.mjs': ['payload.py', 'mims_payload.py'],
  'dummy-training.mjs': ['dummy_training.py'],
};

/** The sagewire entry point that stands in for cursus's script `entry`, if it is one. */
export function sagewireScriptForCursus(entry: string | undefined): string | undefined {
  if (!entry) return undefined;
  const name = entry.split('/').pop()!;
  return Object.keys(CURSUS_SCRIPT_NAMES).find((k) => CURSUS_SCRIPT_NAMES[k]!.includes(name));
}

/**
 * Whether config `c` of a step whose bundle is `bundleEntry` runs the user's own script
 * `processing_source_dir/processing_entry_point` instead of the bundle (see the module comment);
 * `bundleEntry` undefined: a step with no bundle, which runs any entry point it is given.
 * A step whose config failed its schema has its script checked by the same rule.
 */
export function runsUserScript(c: ScriptFields, bundleEntry: string | undefined): boolean {
  if (c.processing_entry_point_is_user_script === true) return true;
  const dir = c.processing_source_dir;
  const entry = c.processing_entry_point;
  return !!dir && !dir.startsWith('s3://') && !!entry && entry !== bundleEntry && sagewireScriptForCursus(entry) !== bundleEntry;
}

/**
 * Whether `contract` is one of a sagewire bundle: nodeScriptCode stages `dist/scripts/<bundle>.mjs`
 * under the contract's entry point, so a bundle's contract names a `.mjs` file. The other
 * contracts (`data_load.py`, `train.py`, ...) name the user's own script, read from the folder.
 */
export function isBundleContract(contract: ScriptContract): boolean {
  return contract.entryPoint.endsWith('.mjs');
}

/** The code input and entrypoint of a Node-script step (`bundle` is the `dist/scripts/<bundle>.mjs` name). */
export function nodeScriptCode(ctx: BuildContext & { config: ScriptFields }, contract: ScriptContract, bundle: string): ScriptCode {
  const c = ctx.config;
  const userScript = c.processing_entry_point_is_user_script === true;
  if (userScript && (!c.processing_source_dir || c.processing_source_dir.startsWith('s3://'))) {
    throw new ConfigError(`${ctx.stepName}.processing_entry_point_is_user_script: true needs a local processing_source_dir holding ${c.processing_entry_point ?? 'the script'}`);
  }
  let uri: string;
  let entry: string;
  if (runsUserScript(c, contract.entryPoint)) {
    entry = c.processing_entry_point!;
    uri = ctx.assets.addFile(join(c.processing_source_dir!, entry), `${ctx.stepName}.processing_entry_point`);
  } else {
    checkBundleArguments(ctx.stepName, contract, c.processing_script_arguments ?? []);
    entry = contract.entryPoint;
    const path = scriptBundlePath(bundle, ctx.packageRoot);
    uri = ctx.assets.addFile(path, `${ctx.stepName} script bundle`, entry, recordedBundleDigest(path));
  }
  const script = `${PROCESSING_CODE_DIR}/${entry.split('/').pop()}`;
  const codeInput = { inputName: 'code', source: uri, destination: PROCESSING_CODE_DIR };
  if (entry.endsWith('.py')) return { entrypoint: ['python3', script], codeInput, runsNode: false };
  const carried = !ctx.hostNode;
  return {
    entrypoint: nodeEntrypoint(script, carried),
    codeInput,
    runsNode: true,
    ...(carried ? { runtimeInput: { inputName: RUNTIME_INPUT_NAME, source: ctx.assets.addNodeRuntime(), destination: RUNTIME_INPUT_DIR } } : {}),
  };
}
