#!/usr/bin/env node
/**
 * The sagewire binary: parses the command line, runs one command, prints its result, and
 * chooses the exit code (0 ok, 1 a problem the user can fix, 2 usage). Stacks are shown only
 * for bugs (errors that are not SagewireErrors). With `--json`, a failure is also printed on
 * stdout as `{"error": {"code", "message", "issues"}}` (see json-error.ts). stdout and stderr
 * are drained before the process exits.
 */
import { CommanderError } from 'commander';
import { SagewireError } from '../errors.js';
import { drain, ignoreBrokenPipes } from './drain.js';
import { describeIssues, printable } from './printable.js';
import { argvWantsJson, jsonError, jsonErrorOf } from './json-error.js';
import { buildProgram, VERSION } from './program.js';

// sagewire supports Node 20; the AWS SDK's notice about its own future Node floor would
// print on every command that touches AWS. A user who sets the variable keeps their choice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    return reportError(err, argvWantsJson(argv));
  }
}

/** Prints a thrown error (stderr; and stdout as JSON when `json`) and returns the exit code. */
export function reportError(err: unknown, json = false): number {
  let code: number;
  if (err instanceof CommanderError) {
    // commander already printed its message (or help/version, which are not errors)
    if (err.exitCode === 0) return 0;
    code = 2;
  } else if (err instanceof SagewireError) {
    process.stderr.write(`error [${err.code}]: ${describeIssues(err.message, err.issues)}\n`);
    code = err.code === 'USAGE' ? 2 : 1;
  } else if (systemError(err)) {
    // The machine refused (disk full, read-only, I/O error): name the path, no stack.
    const e = err as NodeJS.ErrnoException;
    const path = e.path ?? '(a file whose path the system did not give)';
    process.stderr.write(`error [IO]: ${printable(path)}: ${e.code} (${e.syscall}): ${printable(e.message)}\n`);
    const error = { code: 'IO', message: `${path}: ${e.message}`, issues: [{ path, message: String(e.code) }] };
    if (json) process.stdout.write(`${JSON.stringify({ version: VERSION, error }, null, 2)}\n`);
    return 1;
  } else {
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(
      `sagewire: unexpected error (this is a bug; please report it with the command you ran):\n${e.stack ?? e.message}\n`,
    );
    code = 1;
  }
  if (json) {
    const error = err instanceof CommanderError ? jsonError('USAGE', err.message.replace(/^error: /, '')) : jsonErrorOf(err);
    process.stdout.write(`${JSON.stringify({ version: VERSION, error }, null, 2)}\n`);
  }
  return code;
}

/** errno codes that are the machine's state, never a bug, even when the error carries no path. */
const MACHINE_ERRNO = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EMFILE', 'ENFILE']);

/** An error from the operating system about a file (it carries errno, syscall and path, or is a full disk). */
function systemError(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!(e instanceof Error) || typeof e.code !== 'string' || typeof e.syscall !== 'string') return false;
  return typeof e.path === 'string' || MACHINE_ERRNO.has(e.code);
}

async function exitAfterDrain(code: number): Promise<never> {
  await Promise.all([drain(process.stdout), drain(process.stderr)]);
  process.exit(code);
}

ignoreBrokenPipes(process.stdout);
ignoreBrokenPipes(process.stderr);
main(process.argv).then(
  (code) => exitAfterDrain(code),
  (err) => exitAfterDrain(reportError(err, argvWantsJson(process.argv))),
);
