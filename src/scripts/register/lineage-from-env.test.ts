import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registrationRequestSchema } from '../../registry/model/request-schema.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { lineageFromEnv } from './lineage-from-env.js';

describe('lineageFromEnv', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sagewire-lineage-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('outside a job: only what the environment says, and the version', () => {
    const env = { SAGEWIRE_PROCESSING_JOB_CONFIG: join(dir, 'absent.json'), MODS_WORKFLOW_EXECUTION_ID: 'exec-1', SAGEWIRE_STEP_NAME: 'Registration' };
    expect(lineageFromEnv(env, '0.1.0')).toEqual({ pipeline_execution_id: 'exec-1', step_name: 'Registration', sagewire_version: '0.1.0' });
  });

  it('in a processing job: the job name when there is no ARN, its image and data inputs but not its code', () => {
    const file = join(dir, 'processingjobconfig.json');
    writeFileSync(file, JSON.stringify({
      ProcessingJobName: 'pipelines-abc-Registration-x1',
      AppSpecification: { ImageUri: 'img:1' },
      ProcessingInputs: [{ InputName: 'code', S3Input: { S3Uri: 's3://b/code' } }, { InputName: 'payload_input', S3Input: { S3Uri: 's3://b/payload' } }, { InputName: 'odd' }],
    }));
    const lineage = lineageFromEnv({ SAGEWIRE_PROCESSING_JOB_CONFIG: file }, undefined);
    expect(lineage).toEqual({ processing_job: 'pipelines-abc-Registration-x1', image_uri: 'img:1', source_data_uris: ['s3://b/payload'] });
    // and the inventory takes it as it is
    expect(registrationRequestSchema.safeParse(sampleRequest({ lineage })).success).toBe(true);
  });

  it('a job config that is not JSON is reported and skipped, never fatal', () => {
    const file = join(dir, 'processingjobconfig.json');
    writeFileSync(file, '{not json');
    const lines: string[] = [];
    expect(lineageFromEnv({ SAGEWIRE_PROCESSING_JOB_CONFIG: file }, '1', (l) => lines.push(l))).toEqual({ sagewire_version: '1' });
    expect(lines[0]).toMatch(/not a JSON object/);
  });

  it('the inventory refuses an unknown lineage field by name', () => {
    const res = registrationRequestSchema.safeParse(sampleRequest({ lineage: { pipline_name: 'x' } }));
    expect(res.success).toBe(false);
  });
});
