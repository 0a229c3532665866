/**
 * DummyTrainingConfig (seed 004): a source step whose model is a pretrained model.tar.gz; its
 * hyperparameters are written to hyperparameters.json and injected into the archive.
 */
import { z } from 'zod';
import { jsonObject, nonEmptyString, pathOrS3Uri, relativeEntryPoint } from '../../config/fields.js';
import { processingShape } from '../../config/processing-config.js';
import { DUMMY_TRAINING_CONTRACT } from './contract.js';

export const DummyTrainingConfig = z.strictObject({
  ...processingShape,
  processing_entry_point: relativeEntryPoint().default(DUMMY_TRAINING_CONTRACT.entryPoint),
  /** Unset: SKLearn 1.2-1, the oldest image the carried Node runtime starts on (see processingImage). */
  processing_framework_version: nonEmptyString().optional(),
  /** The pretrained model.tar.gz: an s3:// URI, or a local file uploaded like code. */
  pretrained_model_path: pathOrS3Uri(),
  /** Written to hyperparameters.json at compile time (the step's second input). */
  hyperparameters: jsonObject().default({}),
});
export type DummyTrainingConfig = z.infer<typeof DummyTrainingConfig>;
