import { createProgressBar, type ByteProgress } from './progress-bar.js';

/** What a script body gets to report with: log lines and (on a terminal) byte progress. */
export interface ScriptIo {
  log: (line: string) => void;
  /** Undefined when there is no terminal: nothing is drawn then. */
  onProgress: ((progress: ByteProgress) => void) | undefined;
  /** Clears the progress bar, if one was drawn. */
  finish: () => void;
}

/**
 * Log and progress for one script run: a progress bar on `tty` when given (the CLI sets it only
 * for a terminal without --json), log lines through `log` after clearing the bar.
 */
export function createScriptIo(label: string, sinks: { log: (line: string) => void; tty?: { write(chunk: string): unknown; columns?: number } | undefined }): ScriptIo {
  const bar = sinks.tty ? createProgressBar(sinks.tty, label) : undefined;
  return {
    log: (line) => {
      bar?.finish();
      sinks.log(line);
    },
    onProgress: bar ? (p) => bar.update(p) : undefined,
    finish: () => bar?.finish(),
  };
}
