/**
 * TabularPreprocessingConfig: splits and formats tabular data with the user's own script.
 */
import { z } from 'zod';
import { nonEmptyString, oneOf, openRatio, relativeEntryPoint } from '../../config/fields.js';
import { processingShape } from '../../config/processing-config.js';

export const JOB_TYPES = ['training', 'validation', 'testing', 'calibration'] as const;

export const TabularPreprocessingConfig = z
  .strictObject({
    ...processingShape,
    processing_entry_point: relativeEntryPoint().default('tabular_preprocessing.py'),
    job_type: oneOf(JOB_TYPES),
    /** Target column (LABEL_FIELD); required for job_type "training". */
    label_name: nonEmptyString().optional(),
    /** Share of the data in the training split (job_type "training"). */
    train_ratio: openRatio().default(0.7),
    /** Share of the holdout that goes to test rather than validation. */
    test_val_ratio: openRatio().default(0.5),
    output_format: oneOf(['CSV', 'TSV', 'Parquet']).default('CSV'),
  })
  .superRefine((cfg, ctx) => {
    if (!cfg.processing_source_dir && !cfg.source_dir) {
      ctx.addIssue({
        code: 'custom',
        path: ['processing_source_dir'],
        message: 'required (or source_dir): the preprocessing script is yours, sagewire ships none',
      });
    }
  });
export type TabularPreprocessingConfig = z.infer<typeof TabularPreprocessingConfig>;
