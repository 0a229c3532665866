/**
 * Reading the one config file (sagewire's, or one written by cursus) into validated configs.
 */
import path from 'node:path';
import { ConfigError, type Issue } from '../../errors.js';
import { BASE_CONFIG_TABLE, type ConfigClassTable, type LoadedConfig } from '../registry.js';
import { readJsonFileSync } from '../../fs/json-input.js';
import { looksLikeCursus } from './cursus-compat.js';
import { readDocumentShape } from './document-shape.js';
import { parseEntry } from './parse-entry.js';
import { unwrapTypeInfo } from './type-info.js';
import type { ProjectSearch } from './project-folder.js';

export interface ReadConfigOptions {
  /**
   * The DAG's node names: only these entries (and the shared bases such as `Base`) are
   * validated; other entries are skipped. Default: every entry.
   */
  nodes?: Iterable<string>;
  /** `error` rejects unknown fields, `ignore` drops them. Default: `ignore` for cursus files only. */
  unknownFields?: 'error' | 'ignore';
  /** The config classes the file may name. Default: the two bases only (the step catalog passes its own). */
  classes?: ConfigClassTable;
  /**
   * Return the problems (`problems`, `unparsed`) instead of throwing them, so that a caller can
   * check paths and wiring in the same pass. A document that is not a config file still throws.
   */
  gather?: boolean;
  /** Where cursus's `project_root_folder` is looked for besides the file's folder (default: the process's cwd and `$CURSUS_PROJECT_BASE`). */
  search?: Omit<ProjectSearch, 'fileDir'>;
}

export interface ConfigFileContents<L extends LoadedConfig = LoadedConfig> {
  /** Who wrote the file, as detected (cursus: type wrappers, cursus class names or metadata). */
  format: 'sagewire' | 'cursus';
  /** Step name -> config, in the file's order. */
  configs: Record<string, L>;
  /** Fields of a cursus file that sagewire does not use; they were ignored. */
  ignored: Issue[];
  /** How sagewire read cursus fields where that may surprise (where `project_root_folder` was found, ...). */
  notices: Issue[];
  /** With `gather`: every problem of the file, each with its path (empty when it is valid). */
  problems: Issue[];
  /** With `gather` and problems: the ConfigError listing them that is thrown without `gather`. */
  error?: ConfigError;
  /** With `gather`: steps whose config failed its schema, with the class the file names for them. */
  unparsed: Record<string, UnparsedEntry>;
}

/** A step whose config failed its schema: its class, its fields as given, and which of them are invalid. */
export interface UnparsedEntry {
  className: string;
  stepType: string | null;
  fields: Record<string, unknown>;
  invalid: string[];
  /** Folder its relative paths resolve against (the file's). */
  baseDir: string;
}

/** A step name -> loaded config map, as the compiler consumes it. */
export type ConfigMap = Record<string, LoadedConfig>;

/**
 * Validates a parsed config document. Relative paths resolve against `baseDir` (the file's
 * folder). Throws one ConfigError listing every problem, each with its JSON path.
 */
export function parseConfigDocument(doc: unknown, baseDir: string, options: ReadConfigOptions = {}, source = 'config'): ConfigFileContents {
  const table = options.classes ?? BASE_CONFIG_TABLE;
  const seen = { found: false };
  const unwrapped = unwrapTypeInfo(doc, seen);
  const shape = readDocumentShape(unwrapped);
  if (!shape.ok) throw new ConfigError(`${source}: not a config file`, shape.issues);
  const { shared, specific, configTypes, metadata, hasConfigTypes } = shape.value;
  const cursus = looksLikeCursus(table, { metadata, classNames: Object.values(configTypes), hadTypeWrappers: seen.found, specific });
  const lenient = (options.unknownFields ?? (cursus ? 'ignore' : 'error')) === 'ignore';
  const nodes = options.nodes ? new Set(options.nodes) : undefined;

  const issues: Array<Issue & { step?: string }> = [];
  const ignored: Issue[] = [];
  const notices: Issue[] = [];
  const configs: ConfigMap = {};
  const unparsed: ConfigFileContents['unparsed'] = {};
  // cursus's project folder is searched for once per file (a walk of ~40 stats), not once per step.
  const projectFolders = new Map<string, string[]>();
  if (hasConfigTypes && !lenient) {
    for (const step of Object.keys(specific)) {
      if (!(step in configTypes)) issues.push({ path: `configuration.specific.${step}`, message: 'has no class in metadata.config_types' });
    }
  }
  for (const [step, className] of Object.entries(configTypes)) {
    const cls = table.get(className);
    if (nodes && !nodes.has(step) && (!cls || cls.stepType !== null)) continue;
    if (!cls) {
      issues.push({
        path: `metadata.config_types.${step}`,
        message: `unknown config class, got ${JSON.stringify(className)} (known: ${table.knownClassNames().join(', ')})`,
      });
      continue;
    }
    const r = parseEntry({ step, fileClassName: className, cls, shared, specific: specific[step] ?? {}, lenient, cursus, baseDir, projectFolders, ...(options.search ? { search: options.search } : {}) });
    issues.push(...r.issues.map((i) => ({ ...i, step })));
    ignored.push(...r.ignored);
    notices.push(...r.notices);
    if (r.loaded) configs[step] = r.loaded;
    else if (r.raw) unparsed[step] = { className: cls.className, stepType: cls.stepType, ...r.raw, baseDir };
  }
  const merged = mergeSharedIssues(issues);
  const error = merged.length > 0 ? new ConfigError(`${source}: ${merged.length} problem${merged.length === 1 ? '' : 's'}`, merged) : undefined;
  if (error && !options.gather) throw error;
  return { format: cursus ? 'cursus' : 'sagewire', configs, ignored: mergeIgnored(ignored), notices: dedupe(notices), problems: merged, unparsed, ...(error ? { error } : {}) };
}

/**
 * A shared field wrong for several steps is one problem: name the steps once. Likewise a
 * required field missing from several steps is one problem, reported at `configuration.shared`.
 */
function mergeSharedIssues(issues: Array<Issue & { step?: string }>): Issue[] {
  const byKey = new Map<string, { issue: Issue; steps: string[] }>();
  for (const { step, ...raw } of issues) {
    let issue: Issue = raw;
    const field = step === undefined ? undefined : raw.path.slice(`configuration.specific.${step}.`.length);
    if (field && raw.path.startsWith(`configuration.specific.${step}.`) && /^\w+$/.test(field) && raw.message.startsWith('required: ')) {
      issue = { path: `configuration.shared.${field}`, message: raw.message };
    }
    const key = `${issue.path}\u0000${issue.message}`;
    const entry = byKey.get(key) ?? { issue, steps: [] };
    if (step !== undefined) entry.steps.push(step);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ issue, steps }) => {
    if (!issue.path.startsWith('configuration.shared.') || steps.length === 0) return issue;
    if (issue.message.startsWith('required: ') && steps.length === 1) {
      return { path: issue.path.replace('configuration.shared.', `configuration.specific.${steps[0]}.`), message: issue.message };
    }
    return { path: issue.path, message: `${issue.message} (for ${steps.join(', ')})` };
  });
}

const NOT_A_FIELD = /^not a field of (\w+); ignored$/;

/** One notice per ignored field; a shared field ignored by several classes names them all. */
function mergeIgnored(issues: Issue[]): Issue[] {
  const classes = new Map<string, string[]>();
  for (const i of issues) {
    const cls = NOT_A_FIELD.exec(i.message)?.[1];
    if (cls === undefined) continue;
    const list = classes.get(i.path) ?? [];
    if (!list.includes(cls)) list.push(cls);
    classes.set(i.path, list);
  }
  return dedupe(issues).map((i) => {
    const list = classes.get(i.path);
    return list && list.length > 1 ? { path: i.path, message: `not a field of ${list.join(', ')}; ignored` } : i;
  });
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.path) && (seen.add(i.path), true));
}

/** Reads and validates a config file; see {@link parseConfigDocument}. */
export function readConfigFile(file: string, options: ReadConfigOptions = {}): ConfigFileContents {
  const doc = readJsonFileSync(file, { what: 'config file', fail: (message, issues) => new ConfigError(message, issues) });
  return parseConfigDocument(doc, path.dirname(path.resolve(file)), options, file);
}

/** Reads a config file into step name -> `{ className, stepType, config }` (derived fields filled in). */
export function loadConfigFile(file: string, options: ReadConfigOptions = {}): ConfigMap {
  return readConfigFile(file, options).configs;
}
