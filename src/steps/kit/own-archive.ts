/**
 * Whether a step's model input is an archive sagewire's own archive engine wrote, so that its
 * script may trust the archive's gzip-header index (SAGEWIRE_TRUST_APPEND_INDEX): Package
 * appends from its tail, Payload reads hyperparameters.json from its recorded place.
 */
import type { Value } from '../../dsl/expressions.js';
import { TRUST_APPEND_INDEX_ENV } from '../../spec/append-index-trust.js';
import type { BuildContext } from './build-context.js';

/**
 * The environment entry that lets the script trust the index of `inputName`'s archive: only when
 * its producer's step type declares `writesOwnArchive` (sagewire's archive engine wrote it after
 * checking its whole input; a model DummyTraining copies unchanged has any index in it
 * disowned). A user's training job writes its own archive and could forge the index: read in full.
 */
export function trustIndexEnvironment(ctx: BuildContext, inputName: string): Record<string, Value> {
  const producer = ctx.inputProducers[inputName];
  return producer !== undefined && ctx.definitions[producer]?.writesOwnArchive === true ? { [TRUST_APPEND_INDEX_ENV]: '1' } : {};
}
