import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  createArchive,
  filesFromDirectory,
  injectIntoArchive,
  type ArchiveLimits,
  type InjectFile,
  type Progress,
  type WriteResult,
} from '../../archive/index.js';
import { ScriptError } from '../../errors.js';
import { inArchive } from '../common/archive-context.js';
import { filesBesideArchive, locateModel, MODEL_ARCHIVE_NAME } from '../common/model-source.js';
import { prepareOutput } from '../common/output-path.js';
import { withRate, type ScriptSummary } from '../common/summary.js';
import { withFileErrors } from '../common/file-errors.js';

export interface PackageModelOptions {
  /** A model.tar.gz, a folder holding model.tar.gz, or a folder of loose model files. */
  model: string;
  /** Inference scripts folder; its files go under `code/`, keeping sub-folders. */
  scripts: string;
  /** Optional calibration folder; its files go under `calibration/`. Absent or empty is fine. */
  calibration?: string | undefined;
  /** Output folder; the package is written to `<outDir>/model.tar.gz`. */
  outDir: string;
  /** Recompress the whole archive instead of appending to it (archive input only). */
  rewrite?: boolean | undefined;
  /** Read and check the whole input archive even when its append index would let the append read only its tail. */
  verify?: boolean | undefined;
  /**
   * The input was written by a sagewire step the caller trusts: the append may use its append
   * index and read only its tail (the index is not authenticated). Default false.
   */
  trustIndex?: boolean | undefined;
  /** Archive limits over the engine's defaults (entries, total bytes, ratio). */
  limits?: Partial<ArchiveLimits> | undefined;
  onProgress?: ((progress: Progress) => void) | undefined;
  log?: ((line: string) => void) | undefined;
}

/**
 * Packs a model and its inference scripts into `<outDir>/model.tar.gz` (seeds 000/001).
 *
 * An archive model keeps every entry's bytes and metadata; the scripts (under `code/`) and
 * calibration files (under `calibration/`) are appended, shadowing same-named entries (or the
 * whole archive is recompressed with `rewrite`). A folder model is packed with the injected
 * files replacing same-named loose files. A corrupt model archive is an ArchiveError naming the
 * entry; nothing is written then.
 */
export async function packageModel(options: PackageModelOptions): Promise<ScriptSummary> {
  return withFileErrors(() => packageModelUnchecked(options));
}

async function packageModelUnchecked(options: PackageModelOptions): Promise<ScriptSummary> {
  const log = options.log ?? (() => {});
  const source = await locateModel(options.model, { label: 'model' });
  const injected = [
    ...(await folderFiles(options.scripts, 'code/', 'inference scripts', true, log)),
    ...(options.calibration === undefined
      ? []
      : await folderFiles(options.calibration, 'calibration/', 'calibration', false, log)),
  ];
  const inputs = [source.path, options.scripts, ...(options.calibration === undefined ? [] : [options.calibration])];
  const output = await prepareOutput(options.outDir, MODEL_ARCHIVE_NAME, inputs);
  let result: WriteResult;
  if (source.kind === 'archive') {
    const ignored = await filesBesideArchive(source.path);
    if (resolve(options.model) !== resolve(source.path) && ignored.length > 0) {
      log(`using ${source.path}; ignoring ${ignored.length} other file(s) beside it: ${ignored.slice(0, 5).join(', ')}`);
    }
    const input = source.path;
    result = await inArchive(input, () =>
      injectIntoArchive({
        input,
        output,
        files: injected,
        mode: options.rewrite ? 'rewrite' : 'auto',
        verify: Boolean(options.verify),
        trustIndex: Boolean(options.trustIndex),
        limits: options.limits,
        onProgress: options.onProgress,
        log,
      }),
    );
  } else {
    const loose = await filesFromDirectory(source.path, '');
    const archives = loose.filter((f) => !f.name.includes('/') && f.name.endsWith('.tar.gz')).map((f) => f.name);
    if (archives.length > 0) {
      log(`packing ${source.path} as loose files, ${archives.join(', ')} packed as plain files (only model.tar.gz is taken as the model archive; pass another archive by its path)`);
    }
    const names = new Set(injected.map((f) => f.name));
    const replaced = loose.filter((f) => names.has(f.name)).map((f) => f.name);
    result = await createArchive({
      output,
      files: [...loose.filter((f) => !names.has(f.name)), ...injected],
      onProgress: options.onProgress,
    });
    result = { ...result, replaced };
    // The archive engine logs what it shadows or drops; a folder's replacements are ours to say.
    for (const name of replaced) log(`replaced ${name} with the supplied file`);
  }
  return withRate({
    output: result.output,
    entries: result.entries,
    bytesIn: result.bytesIn,
    bytesOut: result.bytesOut,
    seconds: result.seconds,
    method: result.method,
    injected: injected.map((f) => f.name),
    replaced: result.replaced,
  });
}

/** The files of a folder as entries under `prefix`; a missing optional folder gives none. */
async function folderFiles(
  dir: string,
  prefix: string,
  what: string,
  required: boolean,
  log: (line: string) => void,
): Promise<InjectFile[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) {
    if (required) throw new ScriptError(`${what} folder ${dir} does not exist`);
    log(`no ${what} folder at ${dir}; nothing added under ${prefix}`);
    return [];
  }
  if (!info.isDirectory()) throw new ScriptError(`${what} folder ${dir} is not a folder`);
  const files = await filesFromDirectory(dir, prefix);
  if (files.length === 0) log(`${what} folder ${dir} is empty; nothing added under ${prefix}`);
  return files;
}
