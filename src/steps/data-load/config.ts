/**
 * DataLoadConfig: a generic S3 data load (stands in for the seeds' internal Cradle loader).
 * The objects under `data_source_uris` become the step's data output.
 */
import { z } from 'zod';
import { oneOf, s3Uri } from '../../config/fields.js';
import { processingShape } from '../../config/processing-config.js';
import { JOB_TYPES } from '../tabular-preprocessing/config.js';

export const DataLoadConfig = z.strictObject({
  ...processingShape,
  job_type: oneOf(JOB_TYPES),
  /** One or more s3:// prefixes or objects to load. */
  data_source_uris: z.array(s3Uri(), { error: 'expected a list of s3:// URIs' }).min(1, { error: 'expected at least one s3:// URI' }),
  output_format: oneOf(['CSV', 'TSV', 'Parquet', 'JSON']).default('CSV'),
});
export type DataLoadConfig = z.infer<typeof DataLoadConfig>;
