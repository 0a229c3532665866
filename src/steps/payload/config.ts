/**
 * PayloadConfig (seed 003): sample requests for load-testing the model, one per content type,
 * and the load-testing facts the registration needs (TPS, latency, error rate).
 */
import { z } from 'zod';
import { closedRatio, instanceType, intBetween, nonEmptyString, num, pathOrS3Uri, positiveInt, relativeEntryPoint } from '../../config/fields.js';
import { processingShape } from '../../config/processing-config.js';
import { VariableList, contentTypeList, variablePairs } from '../../config/variable-list.js';
import { PAYLOAD_CONTRACT } from './contract.js';

export const PayloadConfig = z
  .strictObject({
    ...processingShape,
    processing_entry_point: relativeEntryPoint().default(PAYLOAD_CONTRACT.entryPoint),
  /** Unset: SKLearn 1.2-1, the oldest image the carried Node runtime starts on (see processingImage). */
  processing_framework_version: nonEmptyString().optional(),
    model_owner: nonEmptyString().optional(),
    model_registration_domain: nonEmptyString().optional(),
    model_registration_objective: nonEmptyString().optional(),
    source_model_inference_content_types: contentTypeList(['text/csv']),
    source_model_inference_response_types: contentTypeList(['application/json']),
    /** When absent, the script takes the field names from the model's hyperparameters.json. */
    source_model_inference_input_variable_list: VariableList.optional(),
    source_model_inference_output_variable_list: VariableList.optional(),
    expected_tps: positiveInt().default(2),
    max_latency_in_millisecond: intBetween(100, 10000).default(800),
    max_acceptable_error_rate: closedRatio().default(0.2),
    /**
     * Instance types the registered model is load-tested on (the execution document's
     * `instance_type_list`, as cursus's field of the same name). Unset: the Package step's
     * processing instance type (seed 003).
     */
    load_test_instance_type_list: z.array(instanceType(), { error: 'expected a list of instance types' }).min(1, { error: 'expected at least one instance type' }).optional(),
    default_numeric_value: num().default(0.0),
    default_text_value: z.string({ error: 'expected a string' }).default('DEFAULT_TEXT'),
    /** TEXT field -> template value (`{timestamp}` expands); the seeds' form of per-field values. */
    special_field_values: z.record(z.string(), z.string({ error: 'expected a string' })).optional(),
    /** Field -> sample value, for any field type. */
    field_defaults: z.record(z.string(), z.union([z.string(), z.number()], { error: 'expected a string or a number' })).optional(),
    /** A user-provided sample payload file (local or s3://), used instead of generated ones. */
    custom_payload_path: pathOrS3Uri().optional(),
    /** Key of the payload archive in `bucket`; see {@link getSamplePayloadS3Key}. */
    sample_payload_s3_key: nonEmptyString().optional(),
  })
  .superRefine((cfg, ctx) => {
    const list = cfg.source_model_inference_input_variable_list;
    if (!cfg.special_field_values || !list) return;
    const types = new Map(variablePairs(list));
    for (const name of Object.keys(cfg.special_field_values)) {
      const type = types.get(name);
      if (type !== 'TEXT') {
        ctx.addIssue({
          code: 'custom',
          path: ['special_field_values', name],
          message: type ? `must name a TEXT input variable; this one is ${type}` : 'must name an input variable of source_model_inference_input_variable_list',
        });
      }
    }
  });
export type PayloadConfig = z.infer<typeof PayloadConfig>;

// Zod-free, so that the registration builder can use it without loading the schemas.
export { getSamplePayloadS3Key } from './s3-key.js';
