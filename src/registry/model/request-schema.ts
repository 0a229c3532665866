/**
 * The registration request: seed 002's required fields, seed 003's extras, and where the
 * artifacts are. One zod schema is the source of truth for the HTTP body, the client type and
 * the register script's config check.
 */
import { z } from 'zod';
import { boundedJsonObject, identifier, LIMITS } from './field-rules.js';
import { lineageSchema, modelCardSchema, tagsSchema } from './registry-rules.js';

const VARIABLE_TYPE = z.enum(['NUMERIC', 'TEXT']);
const ARTIFACT_URI = identifier(LIMITS.uri).regex(
  /^(s3:\/\/[^/]+\/.+|inventory:\/\/artifacts\/[0-9a-f]{64})$/,
  'must be an s3://bucket/key URI or inventory://artifacts/<sha256> (from POST /v1/artifacts)',
);

/**
 * A variable list as `{name: type}` or `[[name, type], ...]`; parsed into the list form so the
 * order of the input variables (the CSV column order) is kept.
 */
export const variableListSchema = z
  .union([
    z.record(identifier(), VARIABLE_TYPE),
    z.array(z.tuple([identifier(), VARIABLE_TYPE])).max(LIMITS.listItems),
  ], { error: 'must be {"<name>": "NUMERIC"|"TEXT"} or [["<name>", "NUMERIC"|"TEXT"], ...]' })
  .transform((v): Array<[string, 'NUMERIC' | 'TEXT']> => (Array.isArray(v) ? v : Object.entries(v)))
  .refine((list) => list.length > 0, 'must name at least one variable')
  .refine((list) => list.length <= LIMITS.listItems, `must name at most ${LIMITS.listItems} variables`)
  .refine((list) => new Set(list.map(([n]) => n)).size === list.length, 'variable names must be unique');

const nonEmptyStrings = z.array(identifier()).min(1, 'must list at least one').max(LIMITS.listItems);

/** The registration config fields (the JSON at /opt/ml/processing/config/config). */
export const registrationConfigSchema = z.object({
  model_domain: identifier(),
  model_objective: identifier(),
  source_model_inference_content_types: nonEmptyStrings,
  source_model_inference_response_types: nonEmptyStrings,
  source_model_inference_input_variable_list: variableListSchema,
  source_model_inference_output_variable_list: variableListSchema,
  model_registration_region: identifier(64),
  model_owner: identifier(),
  source_model_inference_image_arn: identifier(LIMITS.uri),
  source_model_region: identifier(64).optional(),
  source_model_environment_variable_map: z
    .record(identifier(), z.string().max(LIMITS.uri))
    .refine((m) => Object.keys(m).length <= 200, 'must have at most 200 variables')
    .optional(),
  load_testing_info_map: z
    .object({
      sample_payload_s3_bucket: identifier(255).optional(),
      sample_payload_s3_key: identifier(1024).optional(),
      expected_tps: z.number().nonnegative().optional(),
      max_latency_in_millisecond: z.number().nonnegative().optional(),
      instance_type_list: z.array(identifier(64)).max(100).optional(),
      max_acceptable_error_rate: z.number().min(0).max(1).optional(),
    })
    .optional(),
});

/** The body of `POST /v1/registrations`: unknown fields are refused (a typo is not silently dropped). */
export const registrationRequestSchema = registrationConfigSchema.strict().extend({
  /** Where the inventory reads the packaged model.tar.gz (it copies it before REGISTERED): s3:// or an upload. */
  model_artifact_uri: ARTIFACT_URI,
  /** Optional payload.tar.gz of sample requests. */
  payload_artifact_uri: ARTIFACT_URI.optional(),
  /**
   * `sagewire-package` (the default): the model.tar.gz must hold `code/<SAGEMAKER_PROGRAM>` and
   * the payload samples must match the declared variables. `opaque`: the inventory keeps and
   * hashes both artifacts without looking inside, as SageMaker's model registry does with a
   * RegisterModel step's model data (`sagewire run` sends it for those steps).
   */
  model_artifact_format: z.enum(['sagewire-package', 'opaque'], { error: 'must be "sagewire-package" or "opaque"' }).optional(),
  /** Optional performance metrics (any JSON object), kept with the version. */
  performance_metadata: boundedJsonObject().optional(),
  /** The pipeline execution this registration comes from (MODS_WORKFLOW_EXECUTION_ID). */
  workflow_execution_id: identifier(LIMITS.uri).optional(),
  /** Tags the version starts with (`PATCH` changes them later). */
  tags: tagsSchema.optional(),
  /** The model card: markdown, shown rendered (escaped) on the page. */
  model_card: modelCardSchema.optional(),
  /** Where the version came from (the pipeline, its execution and step, the image, the data). */
  lineage: lineageSchema.optional(),
});

/** What a caller sends (variable lists in either form). */
export type RegistrationRequest = z.input<typeof registrationRequestSchema>;
/** What the inventory keeps (variable lists as ordered pairs). */
export type NormalizedRegistrationRequest = z.output<typeof registrationRequestSchema>;
/** The registration config a script reads. */
export type RegistrationConfig = z.output<typeof registrationConfigSchema>;
