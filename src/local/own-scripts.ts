/**
 * Recognising sagewire's own script bundles by their bytes, not by their names: a step is the
 * registration step (network, store, inventory token) or may run outside a sandbox only when
 * the script it runs is, byte for byte, a bundle this sagewire built (`dist/scripts/*.mjs`).
 * A definition can name any file `register.mjs`; it cannot give it the bundle's sha256.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../steps/kit/package-root.js';
import { sha256File } from '../fs/sha256-file.js';
import type { ScriptContract } from '../spec/contract.js';
import { NODE_RUNTIME } from '../assets/node-runtime.js';
import { nodeScriptOf, RUNTIME_INPUT_DIR } from '../spec/node-entrypoint.js';
import { ML_ROOT, ownScriptContract } from './sandbox.js';

const digests = new Map<string, Promise<string | undefined>>();

/** sha256 of the bundle `dist/scripts/<entryPoint>` of this package; undefined when not built. */
export function bundleDigest(entryPoint: string, root = PACKAGE_ROOT): Promise<string | undefined> {
  const path = join(root, 'dist', 'scripts', entryPoint);
  if (!digests.has(path)) digests.set(path, sha256File(path).then((r) => r.sha256, () => undefined));
  return digests.get(path)!;
}

export interface OwnScript {
  contract: ScriptContract;
  /** Why it is not trusted, for messages; undefined when it is. */
  untrusted?: string;
}

/**
 * Whether `command` runs one of sagewire's bundles: the host's `node`, or the carried runtime
 * whose staged bytes are the pinned Node binary (spec/node-entrypoint.ts), on a staged script
 * under /opt/ml whose bytes are the bundle's, with an environment that names only the
 * variables the script's contract reads. Undefined when the command is not shaped like an
 * own script at all.
 */
export async function checkOwnScript(command: readonly string[], env: Record<string, string>, mlDir: string): Promise<OwnScript | undefined> {
  const contract = ownScriptContract(command);
  if (!contract) return undefined;
  const { script, carried } = nodeScriptOf(command)!;
  const interp = command[0]!;
  if (!carried && interp !== 'node') return { contract, untrusted: `its interpreter is ${interp}, not the runner's node` };
  if (carried) {
    const runtime = join(mlDir, RUNTIME_INPUT_DIR.slice(ML_ROOT.length), 'node');
    const rst = await lstat(runtime).catch(() => undefined);
    if (!rst?.isFile() || rst.size !== NODE_RUNTIME.binary.size || (await sha256File(runtime)).sha256 !== NODE_RUNTIME.binary.sha256) {
      return { contract, untrusted: `its staged runtime ${RUNTIME_INPUT_DIR}/node is not the pinned Node binary` };
    }
  }
  if (!script.startsWith(`${ML_ROOT}/`) || script.split('/').includes('..')) {
    return { contract, untrusted: `its script ${script} is not a staged file under ${ML_ROOT}` };
  }
  const known = new Set([...contract.requiredEnv, ...Object.keys(contract.optionalEnv)]);
  const extra = Object.keys(env).filter((k) => !known.has(k));
  if (extra.length) return { contract, untrusted: `its Environment sets ${extra.join(', ')}, which ${contract.entryPoint} does not read` };
  const host = join(mlDir, script.slice(ML_ROOT.length));
  const st = await lstat(host).catch(() => undefined);
  if (!st?.isFile()) return { contract, untrusted: `its script ${script} is not a staged regular file` };
  const want = await bundleDigest(contract.entryPoint);
  if (!want) return { contract, untrusted: `this sagewire has no built ${contract.entryPoint} to compare with (npm run build)` };
  const got = (await sha256File(host)).sha256;
  if (got !== want) return { contract, untrusted: `its ${contract.entryPoint} is not the bundle this sagewire built (sha256 ${got.slice(0, 12)}…, expected ${want.slice(0, 12)}…)` };
  return { contract };
}
