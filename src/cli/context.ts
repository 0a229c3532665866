/**
 * What every CLI command receives besides its options, and what it returns.
 *
 * Commands are plain async functions: they return data and a human rendering of it; only
 * `main.ts` prints and chooses the exit code. Tests call the functions with their own context.
 */
import type { JsonError } from './json-error.js';

export interface CommandContext {
  /** Folder that relative paths on the command line resolve against. */
  cwd: string;
  /** `--json` was given: progress must not be printed to stdout. */
  json: boolean;
  /** Progress and log lines (stderr in the CLI). Never machine output. */
  log: (line: string) => void;
  /** A stream for live progress; set only when stderr is a TTY and `--json` is off. */
  tty?: NodeJS.WriteStream;
}

export interface CommandResult<T = unknown> {
  /** The machine-readable result, printed as JSON with `--json` (a `version` field is added). */
  data: T;
  /** The human rendering, printed without `--json`. */
  text: string;
  /** 0 unless the command ran but found problems (validate with errors, run with a failed step). */
  exitCode?: number;
  /** With a non-zero `exitCode`: what went wrong, printed as `error` beside `data` with `--json`. */
  error?: JsonError;
}

export function defaultContext(overrides: Partial<CommandContext> = {}): CommandContext {
  return { cwd: process.cwd(), json: false, log: () => {}, ...overrides };
}
