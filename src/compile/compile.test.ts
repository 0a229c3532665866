import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_RUNTIME } from '../assets/node-runtime.js';
import { describe, expect, it, vi } from 'vitest';
import { thrown } from '../../test/helpers/thrown.js';
import { PipelineDAG } from '../dag/pipeline-dag.js';
import { REPO_ROOT, validateAgainstSchemas } from '../dsl/__fixtures__/schemas.js';
import { ConfigError, DagError, ResolutionError } from '../errors.js';
import { expectGolden } from './__fixtures__/golden.js';
import { compile, createTemplate } from './compile.js';
import { sanitizePipelineName } from './pipeline-name.js';
import { fillExecutionDocumentFrom } from './template.js';

const FOUR = join(REPO_ROOT, 'examples', 'four-step');
const dagFile = join(FOUR, 'dag.json');

function dataEdges(edges: { from: string; to: string; via: string }[]): string[] {
  return edges.filter((e) => e.via === 'data').map((e) => `${e.from} -> ${e.to}`).sort();
}

describe('compile: the four-step example (a)', () => {
  const result = compile({ dag: dagFile, configFile: join(FOUR, 'config.json') });

  it('is valid against the SDK-compatible and the official schema', () => {
    expect(validateAgainstSchemas(result.definition)).toEqual({ sdk: [], official: [] });
  });

  it('wires exactly the four data edges, no other', () => {
    expect(result.resolution.decisions.map((d) => `${d.consumer}.${d.input} <- ${d.producer}.${d.output}`)).toEqual([
      'Package.model_input <- DummyTraining.model_output',
      'Payload.model_input <- DummyTraining.model_output',
      'Registration.packaged_model_input <- Package.packaged_model_output',
      'Registration.payload_input <- Payload.payload_sample',
    ]);
    expect(dataEdges(result.edges)).toEqual(['DummyTraining -> Package', 'DummyTraining -> Payload', 'Package -> Registration', 'Payload -> Registration']);
    expect(result.edges.filter((e) => e.via === 'explicit')).toEqual([]);
  });

  it('matches the golden definition, byte for byte, every time', () => {
    expectGolden('four-step.golden.json', result.definitionJson);
    expect(compile({ dag: dagFile, configFile: join(FOUR, 'config.json') }).definitionJson).toBe(result.definitionJson);
  });

  it('lets Package append from the tail of the archive DummyTraining wrote (and only that one)', () => {
    const env = (name: string) => (result.definition.Steps as Array<{ Name: string; Arguments: { Environment?: object } }>).find((s) => s.Name === name)!.Arguments.Environment;
    expect(env('Package')).toMatchObject({ SAGEWIRE_TRUST_APPEND_INDEX: '1' });
    // Payload reads hyperparameters.json from the place DummyTraining's archive index records.
    expect(env('Payload')).toMatchObject({ SAGEWIRE_TRUST_APPEND_INDEX: '1' });
    // DummyTraining's input is the user's pretrained model: always read and checked in full.
    expect(env('DummyTraining') ?? {}).not.toHaveProperty('SAGEWIRE_TRUST_APPEND_INDEX');
  });

  it('declares the four pipeline parameters and uses each of them', () => {
    const names = (result.definition.Parameters as { Name: string }[]).map((p) => p.Name);
    expect(names).toEqual(['EXECUTION_S3_PREFIX', 'KMS_ENCRYPTION_KEY_PARAM', 'VPC_SUBNET', 'SECURITY_GROUP_ID']);
    for (const n of names) expect(result.definitionJson).toContain(`"Parameters.${n}"`);
  });

  it('lists every uploaded file in the manifest under content-hashed keys', () => {
    const uris = result.manifest.assets.map((a) => a.uri.replace(/[0-9a-f]{64}/, '<sha>'));
    const prefix = 's3://sagewire-example-bucket/sagewire-FourStep-xgboost-NA/code/<sha>/';
    expect(uris.sort()).toEqual(
      [
        'LICENSE',
        'config',
        'dummy-training.mjs',
        'hyperparameters.json',
        'inference.py',
        'model.tar.gz',
        'node',
        'package.mjs',
        'payload.mjs',
        'payload_config.json',
        'register.mjs',
      ]
        .map((f) => prefix + f)
        .sort(),
    );
    // Folders (inference scripts, the runtime) are named by their prefix.
    const folderFile = (uri: string) => /\/(inference\.py|node|LICENSE)$/.test(uri);
    for (const a of result.manifest.assets) expect(result.definitionJson.includes(a.uri) || folderFile(a.uri)).toBe(true);
    const runtime = result.manifest.assets.filter((a) => a.runtime);
    expect(runtime.map((a) => [a.uri.split('/').pop(), a.sha256, a.size])).toEqual([
      ['LICENSE', NODE_RUNTIME.license.sha256, NODE_RUNTIME.license.size],
      ['node', NODE_RUNTIME.binary.sha256, NODE_RUNTIME.binary.size],
    ]);
    expect(runtime.every((a) => a.uri.includes(`/code/${NODE_RUNTIME.binary.sha256}/`))).toBe(true);
    const scripts = result.manifest.assets.find((a) => a.uri.endsWith('/inference.py'))!;
    expect(result.definitionJson).toContain(`"${scripts.uri.replace(/\/inference\.py$/, '')}"`);
  });

  it('puts the registration config and the env of seed 002 in place', () => {
    const reg = (result.definition.Steps as { Name: string; Arguments: Record<string, unknown> }[]).find((s) => s.Name === 'Registration')!;
    expect(reg.Arguments.Environment).toEqual({
      MODS_WORKFLOW_EXECUTION_ID: { Get: 'Execution.PipelineExecutionId' },
      SAGEWIRE_PIPELINE_NAME: { Get: 'Execution.PipelineName' },
      SAGEWIRE_PIPELINE_EXECUTION_ARN: { Get: 'Execution.PipelineExecutionArn' },
      SAGEWIRE_STEP_NAME: 'Registration',
      SAGEWIRE_INVENTORY_AUTH: 'iam',
      SAGEWIRE_REGISTRAR: 'https://inventory.example.com',
    });
    const inputs = reg.Arguments.ProcessingInputs as { InputName: string; S3Input: { LocalPath: string } }[];
    expect(inputs.map((i) => [i.InputName, i.S3Input.LocalPath])).toEqual([
      ['packaged_model_input', '/opt/ml/processing/input/model'],
      ['payload_input', '/opt/ml/processing/mims_payload'],
      ['registration_config', '/opt/ml/processing/config'],
      ['code', '/opt/ml/processing/input/code'],
      ['runtime', '/opt/ml/processing/input/runtime'],
    ]);
    const config = JSON.parse(result.manifest.assets.find((a) => a.uri.endsWith('/config'))!.text!) as Record<string, unknown>;
    expect(config.source_model_inference_image_arn).toBe('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');
    expect(config.load_testing_info_map).toMatchObject({ expected_tps: 2, sample_payload_s3_bucket: 'sagewire-example-bucket' });
  });

  it('compiles the cursus-format config of the same flow to the same wiring', () => {
    const cursus = compile({ dag: dagFile, configFile: join(FOUR, 'config.cursus.json') });
    expect(validateAgainstSchemas(cursus.definition)).toEqual({ sdk: [], official: [] });
    expect(dataEdges(cursus.edges)).toEqual(dataEdges(result.edges));
  });

  it('sorts the graph once per build and per check', () => {
    const template = createTemplate({ dag: dagFile, configFile: join(FOUR, 'config.json') });
    const sort = vi.spyOn(template.dag, 'topologicalSort');
    template.generatePipeline();
    expect(sort).toHaveBeenCalledTimes(1);
    template.check();
    expect(sort).toHaveBeenCalledTimes(2);
  });

  it('fills the execution document without touching the given one', () => {
    const template = createTemplate({ dag: dagFile, configFile: join(FOUR, 'config.json') });
    template.generatePipeline();
    const doc = { PIPELINE_STEP_CONFIGS: { Registration: { STEP_TYPE: ['PROCESSING_STEP'] } } };
    const filled = template.fillExecutionDocument(doc) as { PIPELINE_STEP_CONFIGS: Record<string, Record<string, unknown>> };
    expect(doc.PIPELINE_STEP_CONFIGS.Registration).toEqual({ STEP_TYPE: ['PROCESSING_STEP'] });
    const stepConfig = filled.PIPELINE_STEP_CONFIGS.Registration!.STEP_CONFIG as Record<string, unknown>;
    expect(stepConfig.model_domain).toBe('fraud');
    expect(stepConfig.source_model_environment_variable_map).toMatchObject({ SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' });
    expect(() => template.fillExecutionDocument({ PIPELINE_STEP_CONFIGS: {} })).toThrow(/no entry for registration step\(s\) Registration/);
  });

  it('fills an execution document as cursus writes it: the step keyed Registration-NA, STEP_TYPE added when absent', () => {
    const template = createTemplate({ dag: dagFile, configFile: join(FOUR, 'config.cursus.json') });
    template.generatePipeline();
    // cursus names the registration step <name>-<region>; its other steps keep their node names.
    const doc = {
      PIPELINE_STEP_CONFIGS: { 'Registration-NA': {}, Package: { STEP_TYPE: ['PROCESSING_STEP'] }, Payload: { STEP_TYPE: ['PROCESSING_STEP'] } },
      PIPELINE_ADDITIONAL_PARAMS: { PIPELINE_NAME: 'p' },
    };
    const filled = template.fillExecutionDocument(doc) as { PIPELINE_STEP_CONFIGS: Record<string, Record<string, unknown>>; PIPELINE_ADDITIONAL_PARAMS: unknown };
    const entry = filled.PIPELINE_STEP_CONFIGS['Registration-NA']!;
    expect(entry.STEP_TYPE).toEqual(['PROCESSING_STEP', 'ModelRegistration']);
    const stepConfig = entry.STEP_CONFIG as { model_domain: string; load_testing_info_map: { instance_type_list: string[] } };
    expect(stepConfig.model_domain).toBe('fraud');
    // Seed 003: load-tested on the Package step's processing instance type (its small default here).
    expect(stepConfig.load_testing_info_map.instance_type_list).toEqual(['ml.m5.2xlarge']);
    expect(filled.PIPELINE_STEP_CONFIGS.Package).toEqual({ STEP_TYPE: ['PROCESSING_STEP'] });
    expect(filled.PIPELINE_ADDITIONAL_PARAMS).toEqual({ PIPELINE_NAME: 'p' });
  });

  it('tries cursus\'s candidate keys in its order, one entry per registration step', () => {
    const config = { model_registration_region: 'NA' };
    const fill = (keys: string[]) =>
      Object.entries((fillExecutionDocumentFrom({ Reg: config }, { PIPELINE_STEP_CONFIGS: Object.fromEntries(keys.map((k) => [k, {}])) }) as { PIPELINE_STEP_CONFIGS: Record<string, { STEP_CONFIG?: unknown }> }).PIPELINE_STEP_CONFIGS)
        .filter(([, v]) => v.STEP_CONFIG !== undefined)
        .map(([k]) => k);
    expect(fill(['Registration-NA', 'ModelRegistration-NA', 'Reg'])).toEqual(['ModelRegistration-NA']);
    expect(fill(['Registration-NA', 'Registration_NA', 'Reg'])).toEqual(['Registration_NA']);
    expect(fill(['Registration-NA', 'model_registration', 'Reg'])).toEqual(['Reg']);
    expect(fill(['Registration-NA', 'register_model'])).toEqual(['register_model']);
    expect(fill(['Other', 'MyREGISTRATION-step'])).toEqual(['MyREGISTRATION-step']);
    expect(() => fill(['Package'])).toThrow(/no entry for registration step\(s\) Reg/);
    // the problem names the keys that were tried, the region's among them
    expect(thrown(() => fill(['Package']), ConfigError).issues).toEqual([
      { path: 'PIPELINE_STEP_CONFIGS.Reg', message: 'missing (also tried: ModelRegistration-NA, Registration_NA, model_registration, Registration, register_model, any key containing "registration")' },
    ]);
  });

  it('load_test_instance_type_list (cursus\'s Payload field) is the instance_type_list when given', () => {
    const c = JSON.parse(readFileSync(join(FOUR, 'config.json'), 'utf8'));
    c.configuration.shared.project_root = FOUR;
    c.configuration.specific.Payload.load_test_instance_type_list = ['ml.c5.xlarge', 'ml.m5.xlarge'];
    c.configuration.specific.Package.use_large_processing_instance = true;
    const dir = mkdtempSync(join(tmpdir(), 'sagewire-load-test-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(c));
    const withList = compile({ dag: dagFile, configFile: join(dir, 'config.json') });
    expect((withList.executionConfigs.Registration!.load_testing_info_map as { instance_type_list: string[] }).instance_type_list).toEqual(['ml.c5.xlarge', 'ml.m5.xlarge']);
    delete c.configuration.specific.Payload.load_test_instance_type_list;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(c));
    const large = compile({ dag: dagFile, configFile: join(dir, 'config.json') });
    expect((large.executionConfigs.Registration!.load_testing_info_map as { instance_type_list: string[] }).instance_type_list).toEqual(['ml.m5.4xlarge']);
  });
});

describe('compile: errors name the culprit', () => {
  it('a node without a config', () => {
    const dag = new PipelineDAG(['DummyTraining', 'Package', 'Payload', 'Registration', 'Evaluate'], [['Package', 'Evaluate']]);
    dag.addEdge('DummyTraining', 'Package').addEdge('DummyTraining', 'Payload').addEdge('Package', 'Registration').addEdge('Payload', 'Registration');
    expect(() => compile({ dag, configFile: join(FOUR, 'config.json') })).toThrow(DagError);
    try {
      compile({ dag, configFile: join(FOUR, 'config.json') });
    } catch (err) {
      expect((err as DagError).describe()).toMatch(/dag\.nodes\.Evaluate: has no config/);
    }
  });

  it('an unmatched required input', () => {
    const dag = new PipelineDAG(['DummyTraining', 'Package', 'Payload', 'Registration'], [
      ['DummyTraining', 'Package'],
      ['DummyTraining', 'Payload'],
      ['Payload', 'Registration'],
    ]);
    try {
      compile({ dag, configFile: join(FOUR, 'config.json') });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ResolutionError);
      expect((err as ResolutionError).describe()).toMatch(/Registration\.packaged_model_input: required input of Registration step Registration has no match/);
    }
  });

  it('a missing script bundle says to run npm run bundle', () => {
    const root = mkdtempSync(join(tmpdir(), 'sagewire-nobundle-'));
    const err = (() => {
      try {
        compile({ dag: dagFile, configFile: join(FOUR, 'config.json'), packageRoot: root });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('compiled without script bundles');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    // every step's missing bundle at once
    expect(err.issues.map((i) => i.path)).toEqual(['DummyTraining', 'Package', 'Payload', 'Registration']);
    expect(err.describe()).toMatch(/npm run bundle/);
  });

  it('a missing inference scripts folder names the field', () => {
    const configFile = variantOfExampleA('noinf', (c) => {
      c.configuration.specific.Package!.inference_scripts_dir = '/nonexistent/nowhere';
    });
    expect(() => compile({ dag: dagFile, configFile })).toThrow(ConfigError);
    expect(() => compile({ dag: dagFile, configFile })).toThrow(/Package\.inference_scripts_dir: .*nowhere is not a folder/);
  });

  it('takes the network and KMS parameter defaults from the base config', () => {
    const network = (subnet: string) => (c: ExampleConfig) => {
      Object.assign(c.configuration.shared, { vpc_subnet: subnet, security_group_id: 'sg-0abc123', kms_key_id: 'alias/ml-outputs' });
    };
    const params = compile({ dag: dagFile, configFile: variantOfExampleA('network', network('subnet-0abc123')) }).definition
      .Parameters as Array<{ Name: string; DefaultValue: unknown }>;
    const defaults = Object.fromEntries(params.map((p) => [p.Name, p.DefaultValue]));
    expect(defaults).toMatchObject({ VPC_SUBNET: 'subnet-0abc123', SECURITY_GROUP_ID: 'sg-0abc123', KMS_ENCRYPTION_KEY_PARAM: 'alias/ml-outputs' });
    const error = compileError(variantOfExampleA('network-bad', network('subnet 1')));
    expect(error.describe()).toMatch(/configuration\.shared\.vpc_subnet: expected a subnet id .*got "subnet 1"/);
  });

  it('script arguments a sagewire bundle would refuse are a compile error naming the field', () => {
    const withArgs = (args: string[]) => (c: ExampleConfig) => {
      c.configuration.specific.Package!.processing_script_arguments = args;
    };
    const accepted = variantOfExampleA('args-ok', withArgs(['--model-input', '/opt/ml/processing/input/model']));
    expect(() => compile({ dag: dagFile, configFile: accepted })).not.toThrow();
    const refused = compileError(variantOfExampleA('args-bad', withArgs(['--verbose'])));
    expect(refused.message).toMatch(/Package\.processing_script_arguments: sagewire's package\.mjs would refuse them/);
  });

  it('payload samples the registration would refuse are a compile error naming both steps', () => {
    const e = compileError(
      variantOfExampleA('payload-mismatch', (c) => {
        c.configuration.specific.Registration!.source_model_inference_content_types = ['text/csv'];
        c.configuration.specific.Payload!.source_model_inference_input_variable_list = [['order_amount', 'NUMERIC']];
      }),
    );
    expect(e.message).toMatch(/Registration: the payload step Payload does not agree/);
    expect(e.issues.map((i) => i.path)).toEqual([
      'Payload.source_model_inference_content_types',
      'Payload.source_model_inference_input_variable_list',
    ]);
    expect(e.issues[0]!.message).toMatch(/application\/json/);
  });
});

interface ExampleConfig {
  configuration: { shared: Record<string, unknown>; specific: Record<string, Record<string, unknown>> };
}

/** Example (a)'s config, edited, in a temp folder (its local paths made absolute); returns its path. */
function variantOfExampleA(label: string, edit: (config: ExampleConfig) => void): string {
  const dir = mkdtempSync(join(tmpdir(), `sagewire-${label}-`));
  const config = readExample('config.json') as ExampleConfig;
  config.configuration.specific.Package!.inference_scripts_dir = join(FOUR, 'inference');
  config.configuration.specific.DummyTraining!.pretrained_model_path = join(FOUR, 'model', 'model.tar.gz');
  edit(config);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return join(dir, 'config.json');
}

/** The ConfigError compiling `configFile` throws (fails the test when it compiles). */
function compileError(configFile: string): ConfigError {
  try {
    compile({ dag: dagFile, configFile });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`${configFile} compiled, but an error was expected`);
}

function readExample(name: string): unknown {
  return JSON.parse(readFileSync(join(FOUR, name), 'utf8'));
}

describe('sanitizePipelineName', () => {
  it('keeps valid names and repairs others', () => {
    expect(sanitizePipelineName('sagewire-FourStep-xgboost-NA')).toBe('sagewire-FourStep-xgboost-NA');
    expect(sanitizePipelineName('_my pipeline_v1.0_')).toBe('my-pipeline-v1-0');
    expect(sanitizePipelineName('a'.repeat(300))).toHaveLength(256);
    expect(() => sanitizePipelineName('___')).toThrow(/no letters or digits/);
  });
});
