/**
 * cursus's `project_root_folder`: the name of the user's project folder, under which cursus
 * 2.9.32 resolves `source_dir`, `processing_source_dir` and the scripts in them
 * (`<base>/<project_root_folder>/<path>`, core/utils/hybrid_path_resolution.py in
 * TianpeiLuke/cursus). cursus looks for `<base>` from `$CURSUS_PROJECT_BASE`, its own install
 * location and the working folder upward; sagewire, which has no install location to go by,
 * from `$CURSUS_PROJECT_BASE`, the config file's folder upward, then the working folder upward.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where to look for the project folder. */
export interface ProjectSearch {
  /** The config file's folder. */
  fileDir: string;
  /** The working folder. Default: the process's. */
  cwd?: string;
  /** cursus's `$CURSUS_PROJECT_BASE`. Default: the process's environment. */
  projectBase?: string | undefined;
}

/** How many parents cursus's working-folder walk visits. */
const MAX_DEPTH = 10;

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/** Each folder from `start` up to `MAX_DEPTH` parents (not past the root). */
function upward(start: string): string[] {
  const out: string[] = [];
  let cur = path.resolve(start);
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    out.push(cur);
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  return out;
}

/**
 * The existing folders that are the project folder `folder`, in the order they are tried: under
 * `$CURSUS_PROJECT_BASE`, then walking up from the config file's folder and from the working
 * folder, each visited folder being the project folder when it has that name, or holding it.
 */
export function projectFolderCandidates(folder: string, search: ProjectSearch): string[] {
  if (path.isAbsolute(folder)) return isDir(folder) ? [path.resolve(folder)] : [];
  const out: string[] = [];
  const add = (p: string) => {
    const abs = path.resolve(p);
    if (isDir(abs) && !out.includes(abs)) out.push(abs);
  };
  const base = search.projectBase ?? process.env.CURSUS_PROJECT_BASE;
  if (base) add(path.join(base, folder));
  for (const start of [search.fileDir, search.cwd ?? process.cwd()]) {
    for (const dir of upward(start)) {
      if (path.basename(dir) === folder) add(dir);
      add(path.join(dir, folder));
    }
  }
  return out;
}

/** Where the search for `folder` looked, for the error naming it. */
export function describeSearch(search: ProjectSearch): string {
  const base = search.projectBase ?? process.env.CURSUS_PROJECT_BASE;
  return `${base ? `under $CURSUS_PROJECT_BASE (${base}), ` : ''}from the config file's folder (${search.fileDir}) and the working folder (${search.cwd ?? process.cwd()}) up to ${MAX_DEPTH} parents`;
}

/**
 * A relative path under the project folder: the first candidate holding it, as cursus takes the
 * first location where it exists; the first candidate when none does (the path check then names it).
 */
export function underProjectFolder(candidates: readonly string[], relative: string): string {
  for (const root of candidates) {
    const p = path.resolve(root, relative);
    if (existsSync(p)) return p;
  }
  return path.resolve(candidates[0]!, relative);
}
