#!/usr/bin/env node
/**
 * The sagewire binary: parses the command line, runs one command, prints its result, and
 * chooses the exit code (0 ok, 1 a problem the user can fix, 2 usage). Stacks are shown only
 * for bugs (errors that are not SagewireErrors).
 */
import { CommanderError } from 'commander';
import { SagewireError } from '../errors.js';
import { buildProgram } from './program.js';

// sagewire supports Node 20; the AWS SDK's notice about its own future Node floor would
// print on every command that touches AWS. A user who sets the variable keeps their choice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (or help/version, which are not errors)
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof SagewireError) {
    process.stderr.write(`error [${err.code}]: ${err.describe()}\n`);
    return err.code === 'USAGE' ? 2 : 1;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(
    `sagewire: unexpected error (this is a bug; please report it with the command you ran):\n${e.stack ?? e.message}\n`,
  );
  return 1;
}

main(process.argv).then(
  (code) => process.exit(code),
  (err) => process.exit(reportError(err)),
);
