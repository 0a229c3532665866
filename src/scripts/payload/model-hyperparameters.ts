import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readArchiveMember, type ArchiveLimits } from '../../archive/index.js';
import { inArchive } from '../common/archive-context.js';
import { parseJsonText, requireJsonObject } from '../common/json-file.js';
import { HYPERPARAMETERS_ENTRY as NAME, locateModel } from '../common/model-source.js';

/** The model's hyperparameters and where they were read from. */
export interface ModelHyperparameters {
  values: Record<string, unknown>;
  /** `<archive>: hyperparameters.json` or the file path. */
  source: string;
}


/**
 * Reads `hyperparameters.json` from a model: the member at the root of its archive (`./`
 * prefixed too; the archive is scanned in full, so a corrupt one is an error) or the file in
 * its folder. Undefined when the model has none; invalid JSON is a ScriptError naming it.
 */
export async function readModelHyperparameters(model: string, limits?: Partial<ArchiveLimits>): Promise<ModelHyperparameters | undefined> {
  const source = await locateModel(model, { label: 'model' });
  let text: string | undefined;
  let where: string;
  if (source.kind === 'archive') {
    where = `${source.path}: ${NAME}`;
    const archive = source.path;
    text = (await inArchive(archive, () => readArchiveMember(archive, NAME, { limits })))?.toString('utf8');
  } else {
    where = join(source.path, NAME);
    if ((await stat(where).catch(() => undefined))?.isFile()) text = await readFile(where, 'utf8');
  }
  if (text === undefined) return undefined;
  return { values: requireJsonObject(parseJsonText(text, where), where), source: where };
}
