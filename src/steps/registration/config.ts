/**
 * ModelRegistrationConfig (seeds 002/003): what the registration step needs to build the
 * registration config JSON at compile time. A processing step: it also has the processing_* fields.
 */
import { z } from 'zod';
import { instanceType, nonEmptyString, oneOf, relativeEntryPoint } from '../../config/fields.js';
import { processingShape } from '../../config/processing-config.js';
import { VariableList, contentTypeList } from '../../config/variable-list.js';
import { REGISTRATION_CONTRACT } from './contract.js';

/** The frameworks with an inference image table (src/images): anything else could never compile. */
export const FRAMEWORKS = ['xgboost', 'sklearn', 'pytorch'] as const;

export const ModelRegistrationConfig = z.strictObject({
  ...processingShape,
  processing_entry_point: relativeEntryPoint().default(REGISTRATION_CONTRACT.entryPoint),
  /** Team id of the model owner. */
  model_owner: nonEmptyString(),
  model_domain: nonEmptyString(),
  model_objective: nonEmptyString(),
  /** Framework of the inference image (lower-cased on parse). */
  framework: z
    .string({ error: 'expected a framework name' })
    .transform((v) => v.toLowerCase())
    .pipe(oneOf(FRAMEWORKS)),
  /** Inference script inside `source_dir` (SAGEMAKER_PROGRAM). */
  inference_entry_point: relativeEntryPoint(),
  inference_instance_type: instanceType().default('ml.m5.large'),
  source_model_inference_content_types: contentTypeList(['text/csv']),
  source_model_inference_response_types: contentTypeList(['application/json']),
  source_model_inference_input_variable_list: VariableList.default({}),
  source_model_inference_output_variable_list: VariableList.default({ 'legacy-score': 'NUMERIC' }),
  /** Where to register: a model inventory URL, or `sagemaker` for the SageMaker Model Registry. */
  registrar: nonEmptyString().optional(),
  /** S3 URI of performance metadata (PERFORMANCE_METADATA_PATH). */
  performance_metadata_path: nonEmptyString().optional(),
});
export type ModelRegistrationConfig = z.infer<typeof ModelRegistrationConfig>;
