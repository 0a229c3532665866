/**
 * The error classes of sagewire: one per layer, each with a stable `code`.
 *
 * Messages name the step, path, field or archive entry that caused the problem, the rule
 * broken and the value received. Only the CLI entry point turns these into exit codes and
 * hides stacks; anything that is not a SagewireError is reported there as a bug, and
 * InternalError is how our own code says so.
 */

/** One problem inside a larger error (a config field, a schema violation, ...). */
export interface Issue {
  /** Where: a JSON path such as `specific.Package.processing_instance_count`, or an entry name. */
  path: string;
  message: string;
}

export type ErrorCode =
  | 'CONFIG'
  | 'DAG'
  | 'SPEC'
  | 'RESOLUTION'
  | 'DEFINITION'
  | 'ARCHIVE'
  | 'SCRIPT'
  | 'INVENTORY'
  | 'LOCAL_RUN'
  | 'AWS'
  | 'NOT_FOUND'
  | 'IO'
  | 'USAGE';

export class SagewireError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  constructor(code: ErrorCode, message: string, issues: Issue[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.issues = issues;
  }

  /** The message followed by one line per issue, as the CLI prints it. */
  describe(): string {
    if (this.issues.length === 0) return this.message;
    return [this.message, ...this.issues.map((i) => `  - ${i.path ? `${i.path}: ` : ''}${i.message}`)].join('\n');
  }
}

/** A config value, config file or cursus file is wrong. Carries every problem at once. */
export class ConfigError extends SagewireError {
  constructor(message: string, issues: Issue[] = [], options?: { cause?: unknown }) {
    super('CONFIG', message, issues, options);
  }
}

/** The DAG is malformed: a cycle, an edge to an undeclared node, a node without a config. */
export class DagError extends SagewireError {
  constructor(message: string, issues: Issue[] = []) {
    super('DAG', message, issues);
  }
}

/** A step specification or script contract is inconsistent (our bug or a custom step's). */
export class SpecError extends SagewireError {
  constructor(message: string, issues: Issue[] = []) {
    super('SPEC', message, issues);
  }
}

/** The dependency resolver could not wire an input, or could not choose between candidates. */
export class ResolutionError extends SagewireError {
  constructor(message: string, issues: Issue[] = []) {
    super('RESOLUTION', message, issues);
  }
}

/** An emitted or loaded pipeline definition does not follow the format. */
export class DefinitionError extends SagewireError {
  constructor(message: string, issues: Issue[] = []) {
    super('DEFINITION', message, issues);
  }
}

/** A definition step's `Type` is no SageMaker step kind sagewire knows (dsl/step-kinds.ts). */
export class UnknownStepKindError extends DefinitionError {
  readonly kind: string;
  constructor(kind: string, known: readonly string[], where?: string) {
    super(`${where ? `${where}: ` : ''}unknown SageMaker step kind ${JSON.stringify(kind)} (known: ${known.join(', ')})`);
    this.kind = kind;
  }
}

/**
 * An archive is corrupt, truncated, hostile or over a limit. `entry` names the member;
 * `reason` is the rule it broke, a stable kebab-case id (the table in docs/archive.md).
 */
export class ArchiveError extends SagewireError {
  readonly entry: string | undefined;
  readonly reason: string | undefined;
  constructor(message: string, entry?: string, options?: { cause?: unknown; reason?: string }) {
    super('ARCHIVE', entry ? `${displayEntry(entry)}: ${message}` : message, [], options);
    this.entry = entry;
    this.reason = options?.reason ?? (options?.cause instanceof ArchiveError ? options.cause.reason : undefined);
  }
}

/** An entry name as messages show it: JSON-quoted when it holds control characters (a newline or escape could forge output). */
export function displayEntry(entry: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f]/.test(entry) ? JSON.stringify(entry) : entry;
}

/** A container script got inputs it cannot work with (missing file, bad JSON, ...). */
export class ScriptError extends SagewireError {
  constructor(message: string, issues: Issue[] = [], options?: { cause?: unknown }) {
    super('SCRIPT', message, issues, options);
  }
}

/** The model inventory refused a request or a registration failed. */
export class InventoryError extends SagewireError {
  readonly status: number | undefined;
  constructor(message: string, issues: Issue[] = [], options?: { cause?: unknown; status?: number }) {
    super('INVENTORY', message, issues, options);
    this.status = options?.status;
  }
}

/** The local runner cannot run a definition, or a step failed. */
export class LocalRunError extends SagewireError {
  constructor(message: string, issues: Issue[] = [], options?: { cause?: unknown }) {
    super('LOCAL_RUN', message, issues, options);
  }
}

/** AWS refused a call (access denied, validation, missing bucket, no credentials). */
export class AwsError extends SagewireError {
  constructor(message: string, issues: Issue[] = [], options?: { cause?: unknown }) {
    super('AWS', message, issues, options);
  }
}

/** A file, step, model or registration that was asked for does not exist. */
export class NotFoundError extends SagewireError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** The machine refused a write or read that should work (disk full, I/O error); names the path. */
export class IoError extends SagewireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('IO', message, [], options);
  }
}

/** The command line is wrong (exit code 2). */
export class UsageError extends SagewireError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/**
 * A state our own code should never reach: "this is a bug", not something a user can fix.
 * Deliberately not a SagewireError, so every entry point (CLI, container scripts, inventory
 * server, local runner) treats it as the bug it is: the stack is shown, `--json` answers
 * `{"code": "INTERNAL"}` (the CLI's code for bugs), the inventory answers 500.
 */
export class InternalError extends Error {
  readonly code = 'INTERNAL' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(`${message} (this is a bug in sagewire)`, options);
    this.name = 'InternalError';
  }
}
