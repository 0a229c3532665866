/**
 * One step's config from a config file: shared fields + its specific fields, cursus extras
 * dropped, validated against its class, paths resolved and derived fields filled in.
 */
import type { Issue } from '../../errors.js';
import { DERIVED_FIELD_NAMES, deriveFields, withDerivedFields, type BasePipelineConfig } from '../base-config.js';
import { describeValue } from '../issues.js';
import type { ConfigClass, LoadedConfig } from '../registry.js';
import { knownFields, parseConfigObject } from '../validate.js';
import { CURSUS_DERIVED_FIELDS } from './cursus-compat.js';
import { resolveConfigPaths } from './paths.js';
import { describeSearch, projectFolderCandidates, type ProjectSearch } from './project-folder.js';
import { stripModelMarkers } from './type-info.js';

export interface EntryContext {
  step: string;
  fileClassName: string;
  cls: ConfigClass;
  shared: Record<string, unknown>;
  specific: Record<string, unknown>;
  /** cursus-format file: unknown fields are ignored (and listed), not errors. */
  lenient: boolean;
  /** The file was written by cursus: cursus's defaults apply where they differ from sagewire's. */
  cursus: boolean;
  /** Folder the file's relative paths resolve against. */
  baseDir: string;
  /** Where cursus's `project_root_folder` is looked for (default: the file's folder, the process's cwd and env). */
  search?: Omit<ProjectSearch, 'fileDir'>;
  /**
   * The project folders found so far for the file's entries, by `project_root_folder` value: the
   * search is the same for every entry of one file, so one map per file makes it run once.
   */
  projectFolders?: Map<string, string[]>;
}

export interface EntryResult {
  loaded?: LoadedConfig;
  issues: Issue[];
  /** Fields present in the file that sagewire ignored (lenient mode only). */
  ignored: Issue[];
  /** How sagewire read a cursus field, where that may surprise (e.g. where `project_root_folder` was found). */
  notices: Issue[];
  /** When the config fails its schema: the fields as given and the names of the invalid ones (for path checks). */
  raw?: { fields: Record<string, unknown>; invalid: string[] };
}

const SPECIFIC_BOOKKEEPING = new Set(['__model_type__', '__model_module__']);

export function parseEntry(ctx: EntryContext): EntryResult {
  const specificPath = `configuration.specific.${ctx.step}`;
  const origin = new Map<string, string>();
  const merged: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx.shared)) {
    merged[k] = v;
    origin.set(k, 'configuration.shared');
  }
  for (const [k, v] of Object.entries(ctx.specific)) {
    if (SPECIFIC_BOOKKEEPING.has(k)) continue;
    merged[k] = v;
    origin.set(k, specificPath);
  }
  if (ctx.fileClassName === ctx.cls.cursusName && ctx.cls.cursusFieldRenames) {
    for (const [from, to] of Object.entries(ctx.cls.cursusFieldRenames)) {
      if (from in merged && !(to in merged)) {
        merged[to] = merged[from];
        origin.set(to, origin.get(from)!);
      }
      delete merged[from];
    }
  }

  const declared = new Set(knownFields(ctx.cls.schema));
  // cursus's training configs default skip_hyperparameters_s3_uri to true; sagewire's to false.
  if (ctx.cursus && declared.has('skip_hyperparameters_s3_uri') && !('skip_hyperparameters_s3_uri' in merged)) {
    merged.skip_hyperparameters_s3_uri = true;
    origin.set('skip_hyperparameters_s3_uri', specificPath);
  }

  const ignored: Issue[] = [];
  const notices: Issue[] = [];
  const folder = ctx.cursus ? projectFolder(ctx, merged, origin, notices) : undefined;
  if (folder && 'issue' in folder) return { issues: [folder.issue], ignored, notices, raw: { fields: merged, invalid: ['project_root_folder'] } };
  const stated: Record<string, unknown> = {};
  for (const k of Object.keys(merged)) {
    if (ctx.lenient && CURSUS_DERIVED_FIELDS.has(k)) {
      delete merged[k];
    } else if ((DERIVED_FIELD_NAMES as readonly string[]).includes(k)) {
      stated[k] = merged[k];
      delete merged[k];
    } else if (ctx.lenient && !declared.has(k)) {
      ignored.push({ path: `${origin.get(k)}.${k}`, message: `not a field of ${ctx.cls.className}; ignored` });
      delete merged[k];
    } else if (ctx.lenient) {
      merged[k] = stripModelMarkers(merged[k]);
    }
  }

  const prefixFor = (field: string | undefined) => (field !== undefined && origin.get(field)) || specificPath;
  const parsed = parseConfigObject(ctx.cls.schema, merged, { prefixFor });
  if (!parsed.ok) {
    const invalid = parsed.issues.map((i) => fieldOf(i.path, specificPath)).filter((f): f is string => f !== undefined);
    const fields = folder ? resolveConfigPaths(merged, ctx.baseDir, folder.candidates) : merged;
    return { issues: parsed.issues, ignored, notices, raw: { fields, invalid: [...new Set(invalid)] } };
  }

  const config = parsed.value as BasePipelineConfig;
  const issues: Issue[] = [];
  const derived = deriveFields(config) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(stated)) {
    if (v !== derived[k]) {
      issues.push({
        path: `${origin.get(k)}.${k}`,
        message: `is derived (from author, service_name, model_class, region, bucket, pipeline_version) and would be ${describeValue(derived[k])}; remove it, got ${describeValue(v)}`,
      });
    }
  }
  if (issues.length > 0) return { issues, ignored, notices };
  const resolved = withDerivedFields(resolveConfigPaths(config, ctx.baseDir, folder?.candidates));
  return { loaded: { className: ctx.cls.className, stepType: ctx.cls.stepType, config: resolved } as LoadedConfig, issues: [], ignored, notices };
}

/**
 * Takes cursus's `project_root_folder` out of `merged` and finds the folder. sagewire's own
 * `project_root`, when given, wins (a notice says so).
 */
function projectFolder(
  ctx: EntryContext,
  merged: Record<string, unknown>,
  origin: Map<string, string>,
  notices: Issue[],
): { candidates: string[] } | { issue: Issue } | undefined {
  if (!('project_root_folder' in merged)) return undefined;
  const value = merged.project_root_folder;
  const at = `${origin.get('project_root_folder')}.project_root_folder`;
  delete merged.project_root_folder;
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') return { issue: { path: at, message: `expected a folder name, got ${describeValue(value)}` } };
  if (merged.project_root !== undefined) {
    notices.push({ path: at, message: `ignored: project_root is given, and relative paths resolve against it` });
    return undefined;
  }
  const search: ProjectSearch = { fileDir: ctx.baseDir, ...ctx.search };
  let found = ctx.projectFolders?.get(value);
  if (!found) {
    found = projectFolderCandidates(value, search);
    ctx.projectFolders?.set(value, found);
  }
  if (found.length === 0) {
    // cursus then falls back to the path as given; sagewire's "as given" is relative to the file's folder.
    notices.push({ path: at, message: `no folder ${JSON.stringify(value)} found (looked ${describeSearch(search)}): relative paths resolve against the config file's folder, as cursus falls back to the paths as given` });
    return undefined;
  }
  notices.push({
    path: at,
    message: `relative paths resolve under ${found[0]}${found.length > 1 ? `, then ${found.slice(1).join(', ')}` : ''}, then the config file's folder: the first holding the path, as cursus resolves them under its project folder`,
  });
  return { candidates: [...found, ...(found.includes(ctx.baseDir) ? [] : [ctx.baseDir])] };
}

/** The top-level field an issue path names (`configuration.shared.x.y` -> `x`). */
function fieldOf(issuePath: string, specificPath: string): string | undefined {
  for (const prefix of [`${specificPath}.`, 'configuration.shared.']) {
    if (issuePath.startsWith(prefix)) return issuePath.slice(prefix.length).split(/[.[]/)[0];
  }
  return undefined;
}
