/**
 * The one error shape `--json` prints on stdout when a command fails, on every command:
 * `{"version", "error": {"code", "message", "issues": [{"path", "message"}]}}`. Scripts read
 * `error.code` (a stable ErrorCode, or `INTERNAL` for a bug) and `error.issues` (one per
 * problem, each with the JSON path, file, step or entry it concerns).
 */
import { SagewireError, type ErrorCode, type InternalError, type Issue } from '../errors.js';

export interface JsonError {
  code: ErrorCode | InternalError['code'];
  message: string;
  issues: Issue[];
}

/** The JSON error for anything a command threw (commander's usage errors are mapped in main.ts). */
export function jsonErrorOf(err: unknown): JsonError {
  if (err instanceof SagewireError) return { code: err.code, message: err.message, issues: err.issues.map(({ path, message }) => ({ path, message })) };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `unexpected error (a bug; please report it): ${message}`, issues: [] };
}

/** A failure a command reports with its result (validate's problems, a failed step). */
export function jsonError(code: JsonError['code'], message: string, issues: Issue[] = []): JsonError {
  return { code, message, issues: issues.map(({ path, message: m }) => ({ path, message: m })) };
}

/**
 * Whether `--json` is on the command line, looked at before (or without) commander: a usage
 * error is thrown before any action runs, and must still be answered in JSON.
 */
export function argvWantsJson(argv: readonly string[]): boolean {
  for (const arg of argv.slice(2)) {
    if (arg === '--') return false;
    if (arg === '--json') return true;
  }
  return false;
}
