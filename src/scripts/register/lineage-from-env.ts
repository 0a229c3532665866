/**
 * The lineage a registration can know from where it runs, sent with the request:
 * - in a SageMaker processing job, /opt/ml/config/processingjobconfig.json (SageMaker writes
 *   the job's request there): the job's ARN or name, its image, and its S3 inputs (the
 *   registration step's own inputs: the packaged model, payload, config, metadata);
 * - MODS_WORKFLOW_EXECUTION_ID, which a compiled registration step sets from the pipeline's
 *   PipelineExecutionId (so in `sagewire run` too);
 * - SAGEWIRE_PIPELINE_NAME, SAGEWIRE_PIPELINE_EXECUTION_ARN and SAGEWIRE_STEP_NAME when the
 *   step's Environment sets them (SageMaker puts neither the pipeline name, the execution ARN
 *   nor the step name into a processing container);
 * - sagewire's own version.
 * Nothing here can fail a registration: an unreadable job config is reported and skipped.
 */
import { readFileSync } from 'node:fs';
import type { Lineage } from '../../registry/model/registry-rules.js';

export const PROCESSING_JOB_CONFIG = '/opt/ml/config/processingjobconfig.json';

interface ProcessingJobConfig {
  ProcessingJobArn?: unknown;
  ProcessingJobName?: unknown;
  AppSpecification?: { ImageUri?: unknown };
  ProcessingInputs?: Array<{ InputName?: unknown; S3Input?: { S3Uri?: unknown } }>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
/** Inputs that are our code, not data the model came from. */
const CODE_INPUTS = new Set(['code', 'entrypoint', 'sagewire-runtime']);

function readJobConfig(path: string, log: (line: string) => void): ProcessingJobConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined; // not in a SageMaker processing job
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as ProcessingJobConfig;
  } catch {
    // fall through
  }
  log(`warning: ${path} is not a JSON object; lineage sent without the processing job`);
  return undefined;
}

export function lineageFromEnv(env: NodeJS.ProcessEnv, sagewireVersion: string | undefined, log: (line: string) => void = () => {}): Lineage {
  const job = readJobConfig(env.SAGEWIRE_PROCESSING_JOB_CONFIG ?? PROCESSING_JOB_CONFIG, log);
  const inputs = (Array.isArray(job?.ProcessingInputs) ? job.ProcessingInputs : [])
    .filter((i) => !CODE_INPUTS.has(String(i?.InputName ?? '')))
    .map((i) => str(i?.S3Input?.S3Uri))
    .filter((u): u is string => u !== undefined && u.length <= 2048)
    .slice(0, 100);
  const fields: Record<string, string | string[] | undefined> = {
    pipeline_name: str(env.SAGEWIRE_PIPELINE_NAME),
    pipeline_execution_arn: str(env.SAGEWIRE_PIPELINE_EXECUTION_ARN),
    pipeline_execution_id: str(env.MODS_WORKFLOW_EXECUTION_ID),
    step_name: str(env.SAGEWIRE_STEP_NAME),
    processing_job: str(job?.ProcessingJobArn) ?? str(job?.ProcessingJobName),
    image_uri: str(job?.AppSpecification?.ImageUri),
    source_data_uris: inputs.length > 0 ? inputs : undefined,
    sagewire_version: sagewireVersion,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Lineage;
}
