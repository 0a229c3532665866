/**
 * Text from a user's files (node names, keys, values) printed on a terminal: control
 * characters are escaped (`\u001b`), so a node name cannot clear the screen, move the cursor or
 * fake a line of output. JSON output needs none of this (JSON.stringify escapes them).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

function escape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line: every control character escaped, newlines included. */
export function printable(text: string): string {
  return text.replace(CONTROL, escape);
}

/** A block of lines: control characters escaped, the newlines between lines kept. */
export function printableLines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, escape);
}

/** An error's message and its issues, one per line, as the CLI prints them. */
export function describeIssues(message: string, issues: ReadonlyArray<{ path: string; message: string }>): string {
  return [printableLines(message), ...issues.map((i) => `  - ${i.path ? `${printable(i.path)}: ` : ''}${printable(i.message)}`)].join('\n');
}
