import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  copyDisowned,
  DEFAULT_MEMBER_MAX_BYTES,
  injectIntoArchive,
  scanArchive,
  withAtomicFile,
  type ArchiveLimits,
  type Progress,
} from '../../archive/index.js';
import { ArchiveError } from '../../errors.js';
import { ScriptError } from '../../errors.js';
import { inArchive } from '../common/archive-context.js';
import { parseJsonText, requireJsonObject } from '../common/json-file.js';
import { HYPERPARAMETERS_ENTRY, locateModel, MODEL_ARCHIVE_NAME } from '../common/model-source.js';
import { prepareOutput } from '../common/output-path.js';
import { withRate, type ScriptSummary } from '../common/summary.js';
import { withFileErrors } from '../common/file-errors.js';


export interface InjectHyperparametersOptions {
  /** The pretrained model.tar.gz (a folder holding model.tar.gz or exactly one *.tar.gz works too). */
  model: string;
  /** The hyperparameters.json to inject; undefined when none was supplied. */
  hyperparameters?: string | undefined;
  /** How a user supplies that file, for messages (default: the contract input `hyperparameters_path`). */
  suppliedAs?: string | undefined;
  /** Output folder; the model is written to `<outDir>/model.tar.gz`. */
  outDir: string;
  /** Recompress the whole archive instead of appending to it. */
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
 * Dummy training (seed 004): writes `<outDir>/model.tar.gz` = the pretrained model with
 * `hyperparameters.json` at its root. A supplied file must be a JSON object and wins over one
 * already in the archive (logged). With no supplied file, the archive's own hyperparameters.json
 * must exist and be a JSON object; the model is then copied unchanged after a full safety scan.
 */
export async function injectHyperparameters(options: InjectHyperparametersOptions): Promise<ScriptSummary> {
  return withFileErrors(() => injectHyperparametersUnchecked(options));
}

async function injectHyperparametersUnchecked(options: InjectHyperparametersOptions): Promise<ScriptSummary> {
  const log = options.log ?? (() => {});
  const source = await locateModel(options.model, { label: 'pretrained model', acceptSingleArchive: true });
  if (source.kind !== 'archive') {
    throw new ScriptError(`pretrained model: no ${MODEL_ARCHIVE_NAME} (nor a single *.tar.gz) in folder ${source.path}`);
  }
  if (basename(source.path) !== basename(options.model)) log(`using pretrained model ${source.path}`);
  const output = await prepareOutput(options.outDir, MODEL_ARCHIVE_NAME, [source.path]);

  if (options.hyperparameters !== undefined) {
    const bytes = await readSuppliedFile(options.hyperparameters);
    requireJsonObject(parseJsonText(bytes.toString('utf8'), options.hyperparameters), options.hyperparameters);
    const result = await inArchive(source.path, () =>
      injectIntoArchive({
        input: source.path,
        output,
        files: [{ name: HYPERPARAMETERS_ENTRY, source: bytes }],
        // Its place goes into the output's index: Payload reads it from there, not from a full pass.
        recordMember: HYPERPARAMETERS_ENTRY,
        mode: options.rewrite ? 'rewrite' : 'auto',
        verify: Boolean(options.verify),
        trustIndex: Boolean(options.trustIndex),
        limits: options.limits,
        onProgress: options.onProgress,
        log,
      }),
    );
    if (result.replaced.length > 0) {
      log(`replaced the ${HYPERPARAMETERS_ENTRY} already in ${basename(source.path)} with ${options.hyperparameters}`);
    }
    return withRate({ ...result, injected: [HYPERPARAMETERS_ENTRY] });
  }

  return keepOwnHyperparameters(source.path, output, options, log);
}

async function readSuppliedFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new ScriptError(`hyperparameters ${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/**
 * No file supplied: the archive's own hyperparameters.json must be a JSON object. One scan
 * checks the whole archive (safety, CRC, limits) and keeps the last such member as it passes;
 * the archive is then copied unchanged, atomically.
 */
async function keepOwnHyperparameters(
  input: string,
  output: string,
  options: Pick<InjectHyperparametersOptions, 'onProgress' | 'limits' | 'suppliedAs'>,
  log: (line: string) => void,
): Promise<ScriptSummary> {
  const started = performance.now();
  let existing: Buffer | undefined;
  const scan = await inArchive(input, () =>
    scanArchive(input, {
      onProgress: options.onProgress,
      limits: options.limits,
      onEntry: async (entry, body) => {
        if (entry.name !== HYPERPARAMETERS_ENTRY) return;
        if (entry.type !== 'file' || !body) throw new ArchiveError(`is a ${entry.type}, not a regular file`, entry.name);
        if (entry.size > DEFAULT_MEMBER_MAX_BYTES) {
          throw new ArchiveError(`member of ${entry.size} bytes is over the ${DEFAULT_MEMBER_MAX_BYTES}-byte limit for reading it`, entry.name);
        }
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
        existing = Buffer.concat(chunks);
      },
    }),
  );
  const where = `${input}: ${HYPERPARAMETERS_ENTRY}`;
  if (existing === undefined) {
    throw new ScriptError(`no hyperparameters: none was supplied (${options.suppliedAs ?? 'hyperparameters_path'}) and ${input} has no ${HYPERPARAMETERS_ENTRY} at its root`);
  }
  requireJsonObject(parseJsonText(existing.toString('utf8'), where), where);
  log(`no hyperparameters supplied; keeping the ${HYPERPARAMETERS_ENTRY} inside ${basename(input)}`);
  // The copy is the user's archive, not one sagewire wrote, and a later step trusts the index of
  // what DummyTraining outputs.
  await withAtomicFile(output, (out, tempPath) => copyDisowned(input, out, tempPath));
  const size = (await stat(output)).size;
  return withRate({
    output,
    entries: scan.entries.length,
    bytesIn: size,
    bytesOut: size,
    seconds: (performance.now() - started) / 1000,
    method: 'copy',
    injected: [],
    replaced: [],
  });
}
