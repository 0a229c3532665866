import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ScriptError } from '../../errors.js';

/** Where a script's model comes from: one archive, or a folder of loose files. */
export type ModelSource = { kind: 'archive'; path: string } | { kind: 'folder'; path: string };

/** The archive name every SageMaker model input uses. */
export const MODEL_ARCHIVE_NAME = 'model.tar.gz';
/** Where a model keeps its hyperparameters: at the root of its archive or folder. */
export const HYPERPARAMETERS_ENTRY = 'hyperparameters.json';

export interface LocateModelOptions {
  /** What the path is, for messages (e.g. `model_input`, `--model`). */
  label: string;
  /**
   * When the path is missing, or is a folder without model.tar.gz, accept the one `*.tar.gz`
   * file of its folder (dummy training's input is a file path, but the staged file may be
   * named after its S3 key).
   */
  acceptSingleArchive?: boolean;
}

/**
 * Decides what a model path is: a file is an archive; a folder holding `model.tar.gz` means
 * that archive (other files beside it are ignored, as the reference packaging script does);
 * any other folder is loose model files. A missing path is a ScriptError naming it.
 */
export async function locateModel(path: string, options: LocateModelOptions): Promise<ModelSource> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) return { kind: 'archive', path };
  if (info?.isDirectory()) {
    const archive = join(path, MODEL_ARCHIVE_NAME);
    if ((await stat(archive).catch(() => undefined))?.isFile()) return { kind: 'archive', path: archive };
    if (options.acceptSingleArchive) {
      const single = await singleArchiveIn(path);
      if (single) return { kind: 'archive', path: single };
    }
    return { kind: 'folder', path };
  }
  if (info) throw new ScriptError(`${options.label}: ${path} is neither a file nor a folder`);
  if (options.acceptSingleArchive) {
    const single = await singleArchiveIn(dirname(path));
    if (single) return { kind: 'archive', path: single };
  }
  throw new ScriptError(`${options.label}: ${path} does not exist`);
}

/** The one `*.tar.gz` file directly inside a folder, if there is exactly one. */
async function singleArchiveIn(dir: string): Promise<string | undefined> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const archives = entries.filter((e) => e.isFile() && e.name.endsWith('.tar.gz'));
  return archives.length === 1 ? join(dir, archives[0]!.name) : undefined;
}

/** Lists the loose files a folder model source would ignore (for a log line). */
export async function filesBesideArchive(archivePath: string): Promise<string[]> {
  const entries = await readdir(dirname(archivePath)).catch(() => []);
  return entries.filter((name) => name !== basename(archivePath)).sort();
}
