/**
 * How a step's command is started: under bubblewrap, as an unprivileged host user with every
 * capability dropped, in its own user/pid/ipc/uts/cgroup (and, unless granted, network)
 * namespaces; the root file system (the host's or an image root) read-only, the places that
 * hold the caller's data hidden, `/opt/ml` the step's own folder, its inputs bound read-only,
 * rlimits and a size-bounded `/tmp`. Without bwrap, only sagewire's own scripts run (directly,
 * with `/opt/ml/...` paths rewritten to the step folder through SAGEWIRE_PATHS).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { LocalRunError } from '../errors.js';
import type { ScriptContract } from '../spec/contract.js';
import { nodeScriptOf } from '../spec/node-entrypoint.js';
import { DUMMY_TRAINING_CONTRACT } from '../steps/dummy-training/contract.js';
import { PACKAGE_CONTRACT } from '../steps/package/contract.js';
import { PAYLOAD_CONTRACT } from '../steps/payload/contract.js';
import { REGISTRATION_CONTRACT } from '../steps/registration/contract.js';

/** `auto`: bwrap when it works here, else the direct form. */
export type SandboxMode = 'auto' | 'bwrap' | 'none';

export const ML_ROOT = '/opt/ml';

/** Resource bounds of one step (each applies to the step's processes, see docs/local.md). */
export interface SandboxLimits {
  /** RLIMIT_NPROC: processes of the sandbox user (a fork bomb stops here). */
  processes: number;
  /** RLIMIT_FSIZE: the largest file a step may write, in bytes. */
  fileSizeBytes: number;
  /** RLIMIT_AS: address space of each process, in bytes. */
  memoryBytes: number;
  /** Size of the step's private /tmp (a tmpfs), in bytes. */
  tmpBytes: number;
  /** Total disk the step's /opt/ml may use besides its inputs (measured by the runner while the step runs), in bytes. */
  mlBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  processes: 512,
  fileSizeBytes: 16 * 2 ** 30,
  memoryBytes: 16 * 2 ** 30,
  tmpBytes: 1 * 2 ** 30,
  mlBytes: 32 * 2 ** 30,
};

/** The unprivileged host user a step runs as when the caller is root (no such user needs to exist). */
export const DEFAULT_SANDBOX_ID = 61000;

export interface SandboxSettings {
  /** A root file system folder (an image root) to run steps in instead of the host's `/`. */
  imageRoot?: string;
  limits?: Partial<SandboxLimits>;
  /** Host uid/gid a step runs as when the caller is root (default 61000/61000). */
  uid?: number;
  gid?: number;
  /** Host folders hidden from steps besides the built-in ones (see `hiddenHostPaths`). */
  hide?: string[];
}

/** sagewire's own scripts, by the file name of their bundle. */
const OWN_SCRIPTS: Record<string, ScriptContract> = Object.fromEntries(
  [DUMMY_TRAINING_CONTRACT, PACKAGE_CONTRACT, PAYLOAD_CONTRACT, REGISTRATION_CONTRACT].map((c) => [c.entryPoint, c]),
);

/** The contract of a command's script when it is one of sagewire's bundles run by node (host or carried). */
export function ownScriptContract(command: readonly string[]): ScriptContract | undefined {
  const node = nodeScriptOf(command);
  return node ? OWN_SCRIPTS[basename(node.script)] : undefined;
}

/**
 * Whether a command is shaped like a run of sagewire's register bundle (`node .../register.mjs`).
 * The shape alone grants nothing: the runner grants the network and the store only when the
 * staged script's bytes are the bundle this sagewire built (see `registration-step.ts`).
 */
export function runsRegistrationScript(command: readonly string[]): boolean {
  const contract = ownScriptContract(command);
  return contract !== undefined && 'SAGEWIRE_REGISTRAR' in contract.optionalEnv;
}

/** A host folder bound into the sandbox. */
export interface Bind {
  source: string;
  dest: string;
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
  /** Host folders bound read-only (staged inputs), in order (a parent before its children). */
  readOnly?: Bind[];
  /** Host folders the step may write besides /opt/ml (the registration step's temp folder). */
  writable?: Bind[];
  /** Host folders hidden from the step besides the built-in ones (the run's state and store folders). */
  hide?: string[];
}

export interface Spawnable {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  sandbox: 'bwrap' | 'none';
}

/** Whether this process runs as root (then steps run as the sandbox user instead). */
export function callerIsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The host uid/gid a step's processes have. */
export function sandboxIds(settings: SandboxSettings = {}): { uid: number; gid: number } {
  if (!callerIsRoot()) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  return { uid: settings.uid ?? DEFAULT_SANDBOX_ID, gid: settings.gid ?? settings.uid ?? DEFAULT_SANDBOX_ID };
}

/**
 * Tasks (processes and threads) the host user `uid` has now: RLIMIT_NPROC counts all of them,
 * the caller's own when the step runs as the caller (a non-root caller), so the step's bound is
 * raised by this many (read from /proc; 0 where it cannot be read).
 */
export function tasksOfUser(uid: number): number {
  let n = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      if (Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]) === uid) n += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
    } catch {
      // the process ended while we read
    }
  }
  return n;
}

/**
 * prlimit applies the rlimits to bwrap and so to everything the step starts. RLIMIT_NPROC is a
 * per-user count, so it is set to what the step's user already runs plus the step's bound: the
 * step gets `processes` more, whatever else that user runs (the caller's own processes keep
 * their own limit and are not starved).
 */
function limitPrefix(settings: SandboxSettings): string[] {
  const l = { ...DEFAULT_LIMITS, ...settings.limits };
  const nproc = l.processes + tasksOfUser(sandboxIds(settings).uid);
  return ['prlimit', `--nproc=${nproc}`, `--fsize=${l.fileSizeBytes}`, `--as=${l.memoryBytes}`, '--core=0', '--'];
}

/**
 * For a root caller: bwrap sets the sandbox up as root (so it can reach the caller's 0700
 * folders) in no user namespace (one created by root maps its user back to host uid 0), keeping
 * only the capabilities to change user; setpriv — from the sandbox's root file system — then
 * becomes the sandbox user with an empty bounding set and no_new_privs before the step starts.
 */
function dropToSandboxUser(settings: SandboxSettings): { bwrap: string[]; command: string[] } {
  if (!callerIsRoot()) return { bwrap: ['--unshare-user', '--disable-userns', '--cap-drop', 'ALL'], command: [] };
  const { uid, gid } = sandboxIds(settings);
  return {
    bwrap: ['--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID', '--cap-add', 'CAP_SETPCAP'],
    command: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--'],
  };
}

const bwrapWorks = new Map<string, boolean>();

/** Whether the sandbox (prlimit, bwrap, setpriv for a root caller) starts on this machine (probed once per root file system). */
export function bwrapAvailable(settings: SandboxSettings = {}): boolean {
  const root = settings.imageRoot ? resolve(settings.imageRoot) : '/';
  if (!bwrapWorks.has(root)) {
    const drop = dropToSandboxUser(settings);
    const [file, ...args] = [...limitPrefix(settings), 'bwrap', ...drop.bwrap, '--ro-bind', root, '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid', '--unshare-net', '--', ...drop.command, '/bin/sh', '-c', 'exit 0'];
    const r = spawnSync(file!, args, { stdio: 'ignore', timeout: 10_000 });
    bwrapWorks.set(root, r.status === 0);
  }
  return bwrapWorks.get(root)!;
}

/** Turns a step invocation into the process to spawn. */
export function prepareInvocation(inv: StepInvocation, mode: SandboxMode, settings: SandboxSettings = {}): Spawnable {
  if (mode === 'none' && settings.imageRoot) {
    throw new LocalRunError(`step ${inv.step}: an image root (${settings.imageRoot}) needs the bubblewrap sandbox`);
  }
  const useBwrap = mode === 'bwrap' || (mode === 'auto' && (bwrapAvailable(settings) || settings.imageRoot !== undefined));
  if (useBwrap && !bwrapAvailable(settings)) {
    throw new LocalRunError(
      'bubblewrap (bwrap) cannot start a sandbox on this machine; install it with: apt-get install bubblewrap (it needs unprivileged user namespaces: sysctl kernel.unprivileged_userns_clone=1)',
    );
  }
  return useBwrap ? bwrapInvocation(inv, settings) : directInvocation(inv);
}

/**
 * Host folders a step must not see, even read-only: home folders, root's, runtime sockets
 * (/run, /var/run), shared temp folders, mounts, the caller's $HOME, plus the caller's own list.
 * Only existing real folders (not links), and none inside another one of the list.
 */
export function hiddenHostPaths(extra: readonly string[] = []): string[] {
  const candidates = ['/root', '/home', '/run', '/var/run', '/tmp', '/var/tmp', '/mnt', '/media', '/srv', homedir(), ...extra]
    .filter((p) => p && p !== '/')
    .map((p) => resolve(p));
  const real = [...new Set(candidates)].filter((p) => {
    try {
      return lstatSync(p).isDirectory();
    } catch {
      return false;
    }
  });
  const inside = (p: string, q: string) => p.startsWith(q + sep);
  return real.filter((p) => !real.some((q) => q !== p && inside(p, q))).sort();
}

/**
 * The host's system folders a step sees of the host's root (read-only): programs, libraries and
 * /etc. Nothing else of the host is bound (no /var, /srv, /work, project or data folders), so no
 * host Unix socket or data folder is reachable unless it sits inside one of these.
 */
export const HOST_SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];

/** bwrap arguments that build the host root from its system folders (links such as /bin -> usr/bin kept as links). */
function hostRootArgs(hidden: string[]): string[] {
  const args: string[] = [];
  const bound: string[] = [];
  for (const dir of HOST_SYSTEM_DIRS) {
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (st?.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else if (st?.isDirectory()) {
      args.push('--ro-bind', dir, dir);
      bound.push(dir);
    }
  }
  const inside = (p: string, q: string) => p === q || p.startsWith(q + sep);
  // Hidden folders that lie inside a bound one get an empty read-only cover.
  const covers = hidden.filter((h) => bound.some((b) => inside(h, b)));
  for (const p of covers) args.push('--tmpfs', p);
  // node, when it lives elsewhere (nvm under $HOME, /opt), stays reachable where it is.
  const node = realpathSync(process.execPath);
  const prefix = dirname(dirname(node));
  if (!bound.some((b) => inside(node, b)) || covers.some((c) => inside(node, c))) args.push('--ro-bind', prefix, prefix);
  for (const p of covers) args.push('--remount-ro', p);
  return args;
}

/** /opt of an image root without /opt/ml: a tmpfs holding the root's /opt entries (read-only) and the step folder as /opt/ml, then read-only itself. */
function optArgs(root: string, mlDir: string, step: string): string[] {
  // The host's /opt is not a system folder: third-party software and data, sockets included.
  if (root === '/') return ['--perms', '0755', '--dir', '/opt', '--bind', mlDir, ML_ROOT];
  const opt = join(root, 'opt');
  if (!existsSync(opt)) throw new LocalRunError(`step ${step}: the root file system ${root} has no /opt folder to hold /opt/ml`);
  const args = ['--tmpfs', '/opt'];
  for (const e of readdirSync(opt)) args.push('--ro-bind', join(opt, e), join('/opt', e));
  args.push('--bind', mlDir, ML_ROOT, '--remount-ro', '/opt');
  return args;
}

function bwrapInvocation(inv: StepInvocation, settings: SandboxSettings): Spawnable {
  const limits = { ...DEFAULT_LIMITS, ...settings.limits };
  const root = settings.imageRoot ? resolve(settings.imageRoot) : '/';
  const drop = dropToSandboxUser(settings);
  const args = [...drop.bwrap, '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--unshare-pid'];
  if (!inv.network) args.push('--unshare-net');
  args.push('--hostname', 'sagewire-step');
  // An image root is the step's whole root; of the host's, only the system folders (a tmpfs
  // root holds them and becomes read-only once everything is bound).
  if (settings.imageRoot) args.push('--ro-bind', root, '/');
  else args.push(...hostRootArgs(hiddenHostPaths([...(settings.hide ?? []), ...(inv.hide ?? [])])));
  // /dev is a tmpfs the step would own: read-only, with a bounded /dev/shm.
  args.push('--dev', '/dev', '--perms', '1777', '--size', String(limits.tmpBytes), '--tmpfs', '/dev/shm', '--remount-ro', '/dev', '--proc', '/proc');
  args.push('--perms', '1777', '--size', String(limits.tmpBytes), '--tmpfs', '/tmp');
  if (settings.imageRoot && existsSync(join(root, ML_ROOT))) args.push('--bind', inv.mlDir, ML_ROOT);
  else args.push(...optArgs(root, inv.mlDir, inv.step));
  for (const b of inv.readOnly ?? []) args.push('--ro-bind', b.source, b.dest);
  for (const b of inv.writable ?? []) args.push('--bind', b.source, b.dest);
  if (!settings.imageRoot) args.push('--remount-ro', '/');
  args.push('--die-with-parent', '--new-session', '--chdir', ML_ROOT, '--', ...drop.command, ...inv.command);
  const [file, ...pre] = [...limitPrefix(settings), 'bwrap'];
  return { file: file!, args: [...pre, ...args], env: inv.env, cwd: '/', sandbox: 'bwrap' };
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
  const node = nodeScriptOf(inv.command)!;
  return { file: process.execPath, args: [node.script, ...node.args].map(host), env, cwd: inv.mlDir, sandbox: 'none' };
}
