/**
 * Local paths inside a config file. On load, `project_root` resolves against the file's folder
 * and the other path fields against the project root. On save, paths are written in one
 * canonical form (relative when inside that folder, absolute otherwise) so that
 * load -> save gives the same bytes.
 */
import path from 'node:path';
import { underProjectFolder } from './project-folder.js';

/** Path fields naming a folder (a local one is checked to be a folder). */
export const FOLDER_PATH_FIELDS = ['source_dir', 'processing_source_dir', 'inference_scripts_dir', 'calibration_dir'] as const;

/** Path fields naming a file (a local one is checked to be a readable file). */
export const FILE_PATH_FIELDS = ['pretrained_model_path', 'custom_payload_path', 'model_data'] as const;

/** Fields holding a local path or an s3:// URI, resolved against the project root. */
export const PATH_FIELDS = [...FOLDER_PATH_FIELDS, ...FILE_PATH_FIELDS] as const;

/** A path field's value that is a local path (not a URI such as s3://). */
export function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

/**
 * Resolves `project_root` and every local path field to absolute paths (a copy). With
 * `projectFolders` (cursus's `project_root_folder`, found; see project-folder.ts) and no
 * `project_root`, a relative path resolves under the first of them holding it.
 */
export function resolveConfigPaths<T extends Record<string, unknown>>(config: T, fileDir: string, projectFolders?: readonly string[]): T {
  const out: Record<string, unknown> = { ...config };
  const folders = isLocalPath(config.project_root) || !projectFolders?.length ? undefined : projectFolders;
  const root = folders ? folders[0]! : path.resolve(fileDir, isLocalPath(config.project_root) ? config.project_root : '.');
  out.project_root = root;
  for (const field of PATH_FIELDS) {
    const v = out[field];
    if (isLocalPath(v)) out[field] = folders && !path.isAbsolute(v) ? underProjectFolder(folders, v) : path.resolve(root, v);
  }
  return out as T;
}

function canonical(value: string, base: string): string {
  const abs = path.resolve(base, value);
  const rel = path.relative(base, abs);
  if (rel === '') return '.';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return abs;
  return rel.split(path.sep).join('/');
}

/**
 * The path fields of `config` in canonical form for a file in `fileDir`; `project_root` is
 * dropped when it is the file's folder (the default).
 */
export function canonicalConfigPaths<T extends Record<string, unknown>>(config: T, fileDir: string): T {
  const out: Record<string, unknown> = { ...config };
  const rootValue = isLocalPath(config.project_root) ? config.project_root : '.';
  const root = path.resolve(fileDir, rootValue);
  const rootCanonical = canonical(rootValue, fileDir);
  if (rootCanonical === '.') delete out.project_root;
  else out.project_root = rootCanonical;
  for (const field of PATH_FIELDS) {
    const v = out[field];
    if (isLocalPath(v)) out[field] = canonical(v, root);
  }
  return out as T;
}
