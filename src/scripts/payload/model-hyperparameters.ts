import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readArchiveMember, readArchiveMemberTrustingIndex, type ArchiveLimits } from '../../archive/index.js';
import { inArchive } from '../common/archive-context.js';
import { parseJsonText, requireJsonObject } from '../common/json-file.js';
import { HYPERPARAMETERS_ENTRY as NAME, locateModel } from '../common/model-source.js';

/** The model's hyperparameters and where they were read from. */
export interface ModelHyperparameters {
  values: Record<string, unknown>;
  /** `<archive>: hyperparameters.json` or the file path. */
  source: string;
}


/** How readModelHyperparameters may read an archive. */
export interface ReadHyperparametersOptions {
  limits?: Partial<ArchiveLimits> | undefined;
  /**
   * The archive was written by a sagewire step (SAGEWIRE_TRUST_APPEND_INDEX): read the member
   * from the place its index records, without inflating the archive before it; any doubt takes
   * the full pass.
   */
  trustIndex?: boolean | undefined;
  log?: ((line: string) => void) | undefined;
}

/**
 * Reads `hyperparameters.json` from a model: the member at the root of its archive (`./`
 * prefixed too; the archive is scanned in full, so a corrupt one is an error, unless
 * `trustIndex` lets it be read from its recorded place) or the file in its folder. Undefined
 * when the model has none; invalid JSON is a ScriptError naming it.
 */
export async function readModelHyperparameters(model: string, options: ReadHyperparametersOptions = {}): Promise<ModelHyperparameters | undefined> {
  const { limits, trustIndex, log } = options;
  const source = await locateModel(model, { label: 'model' });
  let text: string | undefined;
  let where: string;
  if (source.kind === 'archive') {
    where = `${source.path}: ${NAME}`;
    const archive = source.path;
    const bytes = await inArchive(archive, async () => {
      if (!trustIndex) return readArchiveMember(archive, NAME, { limits });
      const read = await readArchiveMemberTrustingIndex(archive, NAME, { limits, ...(log ? { log } : {}) });
      if (read.inputRead === 'tail') log?.(`read ${NAME} from its place in the archive's index (the archive before it was not inflated)`);
      return read.bytes;
    });
    text = bytes?.toString('utf8');
  } else {
    where = join(source.path, NAME);
    if ((await stat(where).catch(() => undefined))?.isFile()) text = await readFile(where, 'utf8');
  }
  if (text === undefined) return undefined;
  return { values: requireJsonObject(parseJsonText(text, where), where), source: where };
}
