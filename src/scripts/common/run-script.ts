import { SagewireError } from '../../errors.js';
import { createScriptIo, type ScriptIo } from './script-io.js';

/**
 * Runs a container script's body as a process: prints its one-line result on stdout and exits 0;
 * a SagewireError prints `error [CODE]: message` (no stack) and exits 1; anything else is a bug
 * and is printed with its stack. Log lines go to stderr prefixed with `[name]`; a progress bar is
 * drawn only when stderr is a terminal (processing jobs log to CloudWatch).
 */
export async function runContainerScript(name: string, body: (io: ScriptIo) => Promise<string>): Promise<void> {
  const io = createScriptIo(name, {
    log: (line) => process.stderr.write(`[${name}] ${line}\n`),
    tty: process.stderr.isTTY ? process.stderr : undefined,
  });
  try {
    const line = await body(io);
    io.finish();
    process.stdout.write(`${line}\n`);
    process.exitCode = 0;
  } catch (err) {
    io.finish();
    if (err instanceof SagewireError) {
      process.stderr.write(`[${name}] error [${err.code}]: ${err.describe()}\n`);
    } else {
      const e = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(`[${name}] unexpected error (this is a bug; please report it):\n${e.stack ?? e.message}\n`);
    }
    process.exitCode = 1;
  }
}
