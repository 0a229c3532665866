/**
 * Rules for the registry features: approval statuses (SageMaker's ModelApprovalStatus values),
 * alias names (MLflow's rules), tag keys and values, the model card and lineage. Used by the
 * HTTP bodies and the registration request alike.
 */
import { z } from 'zod';
import { identifier, LIMITS, text } from './field-rules.js';

/** SageMaker's ModelApprovalStatus values; a new version starts PendingManualApproval. */
export const APPROVAL_STATUSES = ['Approved', 'Rejected', 'PendingManualApproval'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const DEFAULT_APPROVAL: ApprovalStatus = 'PendingManualApproval';
/** SageMaker's ApprovalDescription is at most 1024 characters; so is our reason. */
export const APPROVAL_REASON_CHARS = 1024;

export const approvalBodySchema = z
  .object({
    status: z.enum(APPROVAL_STATUSES, { error: `must be one of ${APPROVAL_STATUSES.join(', ')}` }),
    reason: text(APPROVAL_REASON_CHARS).optional(),
  })
  .strict();

/** MLflow's alias limit (MAX_REGISTERED_MODEL_ALIAS_LENGTH). */
export const ALIAS_MAX_CHARS = 255;
const ALIAS_CHARS = /^[A-Za-z0-9_-]+$/;
const VERSION_LIKE = /^[vV]\d+$/;

/** Why `name` cannot be an alias, or undefined when it can (MLflow's rules, ASCII word characters). */
export function aliasProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (name.length > ALIAS_MAX_CHARS) return `must be at most ${ALIAS_MAX_CHARS} characters`;
  if (!ALIAS_CHARS.test(name)) return 'may only contain letters, digits, underscores (_) and dashes (-)';
  if (name.toLowerCase() === 'latest') return '"latest" (in any case) is reserved';
  if (VERSION_LIKE.test(name)) return `"${name}" looks like a version (v<number>) and is reserved`;
  return undefined;
}

export const aliasBodySchema = z.object({ version: z.number().int().min(1) }).strict();

/** Tag keys: SageMaker's tag key length (128) and characters, without ':' (search splits key:value on it). */
export const TAG_KEY = /^[A-Za-z0-9_.\-/@+=]{1,128}$/;
const tagKey = z.string().regex(TAG_KEY, 'tag keys are 1-128 of A-Z a-z 0-9 _ . - / @ + =');
const tagValue = text(LIMITS.tagValue);

export const tagsSchema = z
  .record(tagKey, tagValue)
  .refine((tags) => Object.keys(tags).length <= LIMITS.tags, `at most ${LIMITS.tags} tags`);

export const modelCardSchema = text(LIMITS.cardChars);

/** Where a version came from. Every field is optional: a laptop knows less than a pipeline job. */
export const lineageSchema = z
  .object({
    pipeline_name: identifier().optional(),
    pipeline_execution_arn: identifier(LIMITS.uri).optional(),
    pipeline_execution_id: identifier().optional(),
    step_name: identifier().optional(),
    processing_job: identifier(LIMITS.uri).optional(),
    image_uri: identifier(LIMITS.uri).optional(),
    source_data_uris: z.array(identifier(LIMITS.uri)).max(100).optional(),
    sagewire_version: identifier(64).optional(),
  })
  .strict();
export type Lineage = z.output<typeof lineageSchema>;

/** `PATCH /v1/models/<id>/versions/<n>`: tags merged (null removes one), the card replaced (null removes it). */
export const versionPatchSchema = z
  .object({
    tags: z
      .record(tagKey, tagValue.nullable())
      .refine((tags) => Object.keys(tags).length <= LIMITS.tags, `at most ${LIMITS.tags} tags`)
      .optional(),
    model_card: modelCardSchema.nullable().optional(),
  })
  .strict()
  .refine((p) => p.tags !== undefined || p.model_card !== undefined, 'give tags or model_card');
export type VersionPatch = z.output<typeof versionPatchSchema>;
