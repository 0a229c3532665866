/**
 * How a step starts a Node script, read by both halves: the builders write one of two forms
 * and the local runner recognises both.
 *
 * - host node (`compile --local`): `node <script>`;
 * - carried runtime (AWS): the step's input `runtime` holds the Node binary, staged by S3
 *   without its executable bit, so `/bin/sh -c` copies it into /tmp with mode 0755 and execs
 *   it on the script: `/bin/sh -c '<install; exec /tmp/node "$@">' node <script>`. The
 *   container arguments follow and reach the script as its own.
 */
import { basename } from 'node:path';

/** Where the runtime input (binary and LICENSE) is staged in a processing container. */
export const RUNTIME_INPUT_DIR = '/opt/ml/processing/input/runtime';
/** The input's name. */
export const RUNTIME_INPUT_NAME = 'runtime';

const INSTALLED = '/tmp/sagewire-node';
export const RUNTIME_SHELL_SCRIPT = `cp ${RUNTIME_INPUT_DIR}/node ${INSTALLED} && chmod 0755 ${INSTALLED} && exec ${INSTALLED} "$@"`;

/** The entrypoint of a Node script step; `carried` picks the runtime-carrying form. */
export function nodeEntrypoint(script: string, carried: boolean): string[] {
  return carried ? ['/bin/sh', '-c', RUNTIME_SHELL_SCRIPT, 'node', script] : ['node', script];
}

/**
 * The script and its arguments when a command starts a Node script in either form
 * (`basename(argv0) === 'node'`, or the carried-runtime form exactly as written above).
 */
export function nodeScriptOf(command: readonly string[]): { script: string; args: string[]; carried: boolean } | undefined {
  const [a, b, c, d, script, ...rest] = command;
  if (a === '/bin/sh' && b === '-c' && c === RUNTIME_SHELL_SCRIPT && d === 'node' && script) {
    return { script, args: rest, carried: true };
  }
  if (a && b && basename(a) === 'node') return { script: b, args: command.slice(2), carried: false };
  return undefined;
}
