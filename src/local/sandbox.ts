/**
 * How a step's command is started: under bubblewrap with `/opt/ml` bound to the step's own
 * folder (the rest of the file system read-only, `/tmp` a tmpfs, no network unless asked),
 * or — without bwrap — directly, with `/opt/ml/...` paths rewritten to the step folder. The
 * second form is only for sagewire's own scripts, which accept SAGEWIRE_PATHS overrides.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LocalRunError } from '../errors.js';
import type { ScriptContract } from '../spec/contract.js';
import { DUMMY_TRAINING_CONTRACT } from '../steps/dummy-training/contract.js';
import { PACKAGE_CONTRACT } from '../steps/package/contract.js';
import { PAYLOAD_CONTRACT } from '../steps/payload/contract.js';
import { REGISTRATION_CONTRACT } from '../steps/registration/contract.js';

/** `auto`: bwrap when it works here, else the direct form. */
export type SandboxMode = 'auto' | 'bwrap' | 'none';

export const ML_ROOT = '/opt/ml';

/** sagewire's own scripts, by the file name of their bundle. */
const OWN_SCRIPTS: Record<string, ScriptContract> = Object.fromEntries(
  [DUMMY_TRAINING_CONTRACT, PACKAGE_CONTRACT, PAYLOAD_CONTRACT, REGISTRATION_CONTRACT].map((c) => [c.entryPoint, c]),
);

/** The contract of a command's script when it is one of sagewire's bundles run by node. */
export function ownScriptContract(command: readonly string[]): ScriptContract | undefined {
  const [interp, script] = command;
  if (!interp || !script || basename(interp) !== 'node') return undefined;
  return OWN_SCRIPTS[basename(script)];
}

/**
 * Whether a command runs a script that registers a model (sagewire's register bundle: its
 * contract takes a registrar). Such a step needs the network and, unless its Environment names
 * its own `SAGEWIRE_REGISTRAR`, an inventory from the run.
 */
export function runsRegistrationScript(command: readonly string[]): boolean {
  const contract = ownScriptContract(command);
  return contract !== undefined && 'SAGEWIRE_REGISTRAR' in contract.optionalEnv;
}

export interface StepInvocation {
  /** Step name, for messages. */
  step: string;
  /** Host folder that is `/opt/ml` for the step. */
  mlDir: string;
  /** Command as the definition gives it (container paths). */
  command: string[];
  env: Record<string, string>;
  /** The step talks to the inventory or an S3 endpoint. */
  network: boolean;
  /** Host folders the step may write besides /opt/ml (the folder store, for registration). */
  writable: string[];
}

export interface Spawnable {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  sandbox: 'bwrap' | 'none';
}

let bwrapWorks: boolean | undefined;

/** Whether `bwrap` can start a sandbox on this machine (probed once). */
export function bwrapAvailable(): boolean {
  if (bwrapWorks === undefined) {
    const r = spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-net', 'true'], { stdio: 'ignore', timeout: 10_000 });
    bwrapWorks = r.status === 0;
  }
  return bwrapWorks;
}

/** Turns a step invocation into the process to spawn. */
export function prepareInvocation(inv: StepInvocation, mode: SandboxMode): Spawnable {
  const useBwrap = mode === 'bwrap' || (mode === 'auto' && bwrapAvailable());
  if (mode === 'bwrap' && !bwrapAvailable()) {
    throw new LocalRunError('bubblewrap (bwrap) cannot start a sandbox on this machine; install it with: apt-get install bubblewrap');
  }
  return useBwrap ? bwrapInvocation(inv) : directInvocation(inv);
}

function bwrapInvocation(inv: StepInvocation): Spawnable {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  if (existsSync(ML_ROOT)) {
    args.push('--bind', inv.mlDir, ML_ROOT);
  } else {
    // /opt/ml cannot be created on the read-only root: a tmpfs /opt holds the host's /opt
    // entries (read-only) and the step folder, then becomes read-only itself.
    args.push('--tmpfs', '/opt');
    const opt = existsSync('/opt') ? readdirSync('/opt') : [];
    for (const e of opt) args.push('--ro-bind', join('/opt', e), join('/opt', e));
    args.push('--bind', inv.mlDir, ML_ROOT, '--remount-ro', '/opt');
  }
  for (const w of inv.writable) args.push('--bind', w, w);
  if (!inv.network) args.push('--unshare-net');
  args.push('--unshare-pid', '--die-with-parent', '--new-session', '--chdir', ML_ROOT, '--', ...inv.command);
  return { file: 'bwrap', args, env: inv.env, cwd: inv.mlDir, sandbox: 'bwrap' };
}

function directInvocation(inv: StepInvocation): Spawnable {
  const contract = ownScriptContract(inv.command);
  if (!contract) {
    throw new LocalRunError(
      `step ${inv.step}: runs "${inv.command.join(' ')}", which is not one of sagewire's scripts; a foreign script runs locally only inside a bubblewrap sandbox (apt-get install bubblewrap), which is not available here`,
    );
  }
  const host = (p: string) => (p === ML_ROOT || p.startsWith(`${ML_ROOT}/`) ? join(inv.mlDir, p.slice(ML_ROOT.length)) : p);
  const paths = Object.fromEntries(Object.entries({ ...contract.inputs, ...contract.outputs }).map(([k, v]) => [k, host(v)]));
  const env = Object.fromEntries(Object.entries(inv.env).map(([k, v]) => [k, host(v)]));
  env.SAGEWIRE_PATHS = JSON.stringify(paths);
  const [, ...rest] = inv.command.map(host);
  return { file: process.execPath, args: rest, env, cwd: inv.mlDir, sandbox: 'none' };
}
