import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/thrown.js';
import { ConfigError } from '../../errors.js';
import { stepProperty } from '../../dsl/expressions.js';
import { validateAgainstSchemas } from '../../dsl/__fixtures__/schemas.js';
import { Pipeline } from '../../dsl/pipeline.js';
import { checkNoCredentials } from '../../compile/credential-check.js';
import { contextFor, rendered } from '../__fixtures__/context.js';
import { registrationStep } from './builder.js';

const FIELDS = {
  framework: 'xgboost',
  framework_version: '1.7-1',
  inference_entry_point: 'inference.py',
  model_domain: 'fraud',
  model_objective: 'order risk',
  model_owner: 'team-a',
  source_model_inference_input_variable_list: [['amount', 'NUMERIC']],
};
const MODEL = stepProperty('Package', "ProcessingOutputConfig.Outputs['packaged_model_output'].S3Output.S3Uri");
const PAYLOAD = stepProperty('Payload', "ProcessingOutputConfig.Outputs['payload_sample'].S3Output.S3Uri");

const build = (fields: Record<string, unknown>, inputs: Record<string, unknown> = { packaged_model_input: MODEL }) =>
  rendered(registrationStep.build(contextFor('Registration', { ...FIELDS, ...fields }, inputs as never)).step);

const issuesOf = (fn: () => unknown) => thrown(fn, ConfigError).issues;

describe('Registration: the registrar', () => {
  it('inventory: the URL and IAM auth, or the name of a secret read at run time; never a token', () => {
    const iam = build({ registrar: 'inventory', inventory_url: 'https://inv.example.com' });
    expect(iam.Type).toBe('Processing');
    expect(iam.Arguments.Environment).toMatchObject({ SAGEWIRE_REGISTRAR: 'https://inv.example.com', SAGEWIRE_INVENTORY_AUTH: 'iam' });
    const secret = build({ registrar: 'inventory', inventory_url: 'https://inv.example.com', inventory_token_secret: 'team/inv-token' });
    expect(secret.Arguments.Environment).toMatchObject({ SAGEWIRE_INVENTORY_TOKEN_SECRET: 'team/inv-token' });
    expect(secret.Arguments.Environment).not.toHaveProperty('SAGEWIRE_INVENTORY_AUTH');
    expect(build({}).Arguments.Environment).not.toHaveProperty('SAGEWIRE_REGISTRAR');
  });

  it('names what is missing or misplaced', () => {
    expect(issuesOf(() => build({ registrar: 'inventory' })).map((i) => i.path)).toEqual(['Registration.inventory_url']);
    expect(issuesOf(() => build({ inventory_url: 'https://x.example.com' })).map((i) => i.path)).toEqual(['Registration.inventory_url']);
    const url = issuesOf(() => build({ registrar: 'http://inv:8479' }));
    expect(url[0]!.message).toMatch(/put the URL in inventory_url/);
  });

  it('sagemaker: a RegisterModel step (no container) with group, image, content types, metadata and approval', () => {
    const step = build({ registrar: 'sagemaker', model_approval_status: 'Approved', source_model_inference_content_types: ['text/csv'] }, {
      packaged_model_input: MODEL,
      payload_input: PAYLOAD,
    });
    expect(step.Type).toBe('RegisterModel');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deep JSON assertions
    const a = step.Arguments as Record<string, any>;
    expect(a).not.toHaveProperty('AppSpecification');
    expect(a.ModelPackageGroupName).toBe('fraud-order-risk');
    expect(a.ModelApprovalStatus).toBe('Approved');
    const c = a.InferenceSpecification.Containers[0];
    expect(c.Image).toBe('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');
    expect(c.ModelDataUrl).toEqual({ 'Std:Join': { On: '/', Values: [{ Get: `Steps.Package.${MODEL.path}` }, 'model.tar.gz'] } });
    expect(c.Environment).toMatchObject({ SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' });
    expect(a.InferenceSpecification.SupportedContentTypes).toEqual(['text/csv']);
    expect(a.InferenceSpecification.SupportedRealtimeInferenceInstanceTypes).toEqual(['ml.m5.large']);
    expect(a.CustomerMetadataProperties).toEqual({
      model_domain: 'fraud',
      model_objective: 'order risk',
      model_owner: 'team-a',
      model_registration_region: 'NA',
      input_variable_list: '[["amount","NUMERIC"]]',
      output_variable_list: '{"legacy-score":"NUMERIC"}',
      workflow_execution_id: { Get: 'Execution.PipelineExecutionId' },
    });
    expect(a.SamplePayloadUrl).toEqual({ 'Std:Join': { On: '/', Values: [{ Get: `Steps.Payload.${PAYLOAD.path}` }, 'payload.tar.gz'] } });
    const pipeline = new Pipeline({ parameters: [] });
    pipeline.addStep(registrationStep.build(contextFor('Registration', { ...FIELDS, registrar: 'sagemaker' }, { packaged_model_input: 's3://b/model' } as never)).step);
    expect(validateAgainstSchemas(pipeline.render().definition).sdk).toEqual([]);
  });

  it('sagemaker: a metadata value over 256 characters is a compile error naming the field', () => {
    const long = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`a_rather_long_feature_name_${i}`, 'NUMERIC']));
    const issues = issuesOf(() => build({ registrar: 'sagemaker', source_model_inference_input_variable_list: long }));
    expect(issues[0]!.path).toBe('Registration.source_model_inference_input_variable_list');
    expect(issues[0]!.message).toMatch(/at most 256/);
  });

  it('a literal credential in any Environment of a definition is a compile error', () => {
    const def = { Steps: [{ Name: 'Reg', Type: 'Processing', Arguments: { Environment: { SAGEWIRE_INVENTORY_TOKEN: 'abc123', SAGEWIRE_INVENTORY_TOKEN_SECRET: 'name/of/secret', OK: 'x' } } }] };
    const issues = issuesOf(() => checkNoCredentials(def));
    expect(issues.map((i) => i.path)).toEqual(['Steps.Reg.Arguments.Environment.SAGEWIRE_INVENTORY_TOKEN']);
    const key = { Steps: [{ Name: 'M', Type: 'Model', Arguments: { PrimaryContainer: { Environment: { X: 'AKIAABCDEFGHIJKLMNOP' } } } }] };
    expect(issuesOf(() => checkNoCredentials(key))[0]!.message).toMatch(/AWS access key/);
  });
});
