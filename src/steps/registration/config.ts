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

export const ModelRegistrationConfig = z
  .strictObject({
  ...processingShape,
  processing_entry_point: relativeEntryPoint().default(REGISTRATION_CONTRACT.entryPoint),
  /** Unset: SKLearn 1.2-1, the oldest image the carried Node runtime starts on (see processingImage). */
  processing_framework_version: nonEmptyString().optional(),
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
  /**
   * Where the model is registered: `inventory` (sagewire's model inventory at `inventory_url`,
   * by the register script) or `sagemaker` (SageMaker's own RegisterModel step, no container).
   * Unset: only `sagewire run` can register it (with its --inventory); deploy refuses.
   */
  registrar: z
    .string({ error: 'expected "inventory" or "sagemaker"' })
    .refine((v) => v === 'inventory' || v === 'sagemaker', {
      error: (i) => `expected "inventory" or "sagemaker", got ${JSON.stringify(i.input)}${/^https?:/.test(String(i.input)) ? ' (put the URL in inventory_url)' : ''}`,
    })
    .transform((v) => v as 'inventory' | 'sagemaker')
    .optional(),
  /** The model inventory's base URL (registrar `inventory`). */
  inventory_url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  /**
   * Secrets Manager secret (name or ARN) whose value is the inventory token, read by the job
   * when it runs. Unset: the job authenticates with its IAM role. Never a token itself.
   */
  inventory_token_secret: nonEmptyString().optional(),
  /** ModelApprovalStatus of a SageMaker registration. */
  model_approval_status: oneOf(['PendingManualApproval', 'Approved', 'Rejected'] as const).default('PendingManualApproval'),
  /** S3 URI of performance metadata (PERFORMANCE_METADATA_PATH). */
  performance_metadata_path: nonEmptyString().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.registrar === 'inventory' && !c.inventory_url) {
      ctx.addIssue({ code: 'custom', path: ['inventory_url'], message: 'required with registrar "inventory": the inventory the job registers with' });
    }
    if (c.registrar !== 'inventory') {
      for (const f of ['inventory_url', 'inventory_token_secret'] as const) {
        if (c[f] !== undefined) ctx.addIssue({ code: 'custom', path: [f], message: `only used with registrar "inventory" (registrar is ${JSON.stringify(c.registrar ?? null)})` });
      }
    }
  });
export type ModelRegistrationConfig = z.infer<typeof ModelRegistrationConfig>;
