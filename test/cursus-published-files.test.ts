/**
 * cursus's published files, as cursus writes them (test/fixtures/cursus/README.md names the
 * file of TianpeiLuke/cursus each fixture follows): a catalog DAG with its `metadata`, a project
 * config with `project_root_folder`, cursus's script names, steps sagewire does not model and
 * `metadata.field_sources`, and an execution document keyed `Registration-NA`. The real CLI
 * validates, compiles and fills them, with a notice wherever sagewire reads them differently.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../src/steps/config-file.js';
import { bundleCli, type BundledCli } from './helpers/bundled-cli.js';
import { ROOT, type CliResult } from './helpers/cli.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'cursus');
const PROJECT = join(FIXTURES, 'rnr_pytorch_bedrock');
const DAG = join(FIXTURES, 'e2e_basic.dag.json');
const CONFIG = join(PROJECT, 'pipeline_config', 'config_dummy.json');
const DOC = join(PROJECT, 'pipeline_config', 'execute_doc_example-BuyerAbuseRnR-pytorch-NA_0.0.2.json');
/** Run from an unrelated folder: the project folder is found from the config file's folder. */
const cwd = mkdtempSync(join(tmpdir(), 'sagewire-cursus-published-'));
const env = { CURSUS_PROJECT_BASE: '' };

/** The notices every command prints for this config: where sagewire reads cursus's files differently, on purpose. */
const NOTICES = [
  'configuration.shared.use_secure_pypi: not a field of DummyTrainingConfig, PackageStepConfig, PayloadConfig, ModelRegistrationConfig; ignored',
  `configuration.shared.project_root_folder: relative paths resolve under ${PROJECT}, then the config file's folder`,
  `DummyTraining.processing_entry_point: "dummy_training.py" is cursus's own script: sagewire runs its own DummyTraining implementation (dummy-training.mjs)`,
  `Package.processing_entry_point: "package.py" is cursus's own script: sagewire runs its own Package implementation (package.mjs)`,
  `Payload.processing_entry_point: "payload.py" is cursus's own script: sagewire runs its own Payload implementation (payload.mjs)`,
];

function noticeLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('notice: '));
}

function expectNotices(stderr: string): void {
  const lines = noticeLines(stderr);
  expect(lines).toHaveLength(NOTICES.length);
  NOTICES.forEach((n, i) => expect(lines[i]!.startsWith(`notice: ${n}`), `${lines[i]} starts with ${n}`).toBe(true));
}

interface Step {
  Name: string;
  Arguments: { AppSpecification: { ContainerEntrypoint: string[] }; ProcessingInputs: Array<{ InputName: string; S3Input: { S3Uri: unknown } }> };
}

const OUT = join(cwd, 'definition.json');
const FILLED = join(cwd, 'filled.json');
const DOC_BEFORE = readFileSync(DOC, 'utf8');
let validated: CliResult;
let compiled: CliResult;
let filledRun: CliResult;
let xgbValidated: CliResult;

const XGB_DAG = join(FIXTURES, 'xgboost_simple.dag.json');
const XGB_PROJECT = join(FIXTURES, 'mods_pipeline_adapter');
const XGB_CONFIG = join(XGB_PROJECT, 'pipeline_config', 'config_NA_xgboost_AtoZ.json');

let cli: BundledCli;
// The real CLI (bundled once: a third of a tsx start's CPU), its four runs at once.
beforeAll(async () => {
  cli = await bundleCli();
  const runCli = (args: string[], opts: { cwd: string; env: Record<string, string> }) => cli.run(args, opts);
  [validated, compiled, filledRun, xgbValidated] = await Promise.all([
    runCli(['validate', '--dag', DAG, '--config', CONFIG], { cwd, env }),
    runCli(['compile', '--dag', DAG, '--config', CONFIG, '--out', OUT, '--json'], { cwd, env }),
    runCli(['exec-doc', '--dag', DAG, '--config', CONFIG, '--doc', DOC, '--out', FILLED], { cwd, env }),
    runCli(['validate', '--dag', XGB_DAG, '--config', XGB_CONFIG, '--json'], { cwd, env }),
  ]);
}, 120_000);
afterAll(() => cli?.dispose());

describe("cursus's published files", () => {
  it('validate: ok, the catalog DAG wired as cursus wires it, the notices on stderr', () => {
    const r = validated;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toBe('ok');
    for (const wire of ['Package.model_input <- DummyTraining.model_output', 'Payload.model_input <- DummyTraining.model_output', 'Registration.packaged_model_input <- Package.packaged_model_output', 'Registration.payload_input <- Payload.payload_sample']) {
      expect(r.stdout).toContain(wire);
    }
    expectNotices(r.stderr);
  });

  it('compile: sagewire’s own steps, the paths under the project folder, the pretrained model from S3', () => {
    const r = compiled;
    expect(r.code, r.stderr).toBe(0);
    expectNotices(r.stderr);
    const definition = JSON.parse(readFileSync(OUT, 'utf8')) as { Steps: Step[] };
    expect(definition.Steps.map((s) => s.Name)).toEqual(['DummyTraining', 'Package', 'Payload', 'Registration']);
    const script = (name: string) => definition.Steps.find((s) => s.Name === name)!.Arguments.AppSpecification.ContainerEntrypoint.at(-1);
    expect(['DummyTraining', 'Package', 'Payload', 'Registration'].map(script)).toEqual(
      ['dummy-training.mjs', 'package.mjs', 'payload.mjs', 'register.mjs'].map((f) => `/opt/ml/processing/input/code/${f}`),
    );
    const input = (step: string, name: string) => definition.Steps.find((s) => s.Name === step)!.Arguments.ProcessingInputs.find((i) => i.InputName === name)!.S3Input.S3Uri;
    const config = JSON.parse(readFileSync(CONFIG, 'utf8'));
    expect(input('DummyTraining', 'pretrained_model_path')).toBe(config.configuration.specific.DummyTraining.pretrained_model_path);
    // source_dir "dockers" under project_root_folder "rnr_pytorch_bedrock": the inference scripts Package packs.
    const manifest = JSON.parse(readFileSync(join(cwd, 'definition.assets.json'), 'utf8')) as { assets: Array<{ file?: string }> };
    expect(manifest.assets.map((a) => a.file).filter((f) => f?.startsWith(FIXTURES))).toEqual(
      expect.arrayContaining([join(PROJECT, 'dockers', 'pytorch_inference_handler.py')]),
    );
  });

  it('compile --json carries the same notices', () => {
    const notices = (JSON.parse(compiled.stdout) as { notices: Array<{ path: string }> }).notices.map((n) => n.path);
    expect(notices).toEqual(NOTICES.map((n) => n.slice(0, n.indexOf(': '))));
  });

  it('exec-doc: fills Registration-NA, keeps cursus’s STEP_TYPE and every other entry, leaves the document as it was', () => {
    expect(filledRun.code, filledRun.stderr).toBe(0);
    expect(readFileSync(DOC, 'utf8')).toBe(DOC_BEFORE);
    const filled = JSON.parse(readFileSync(FILLED, 'utf8'));
    const template = JSON.parse(DOC_BEFORE);
    expect(Object.keys(filled.PIPELINE_STEP_CONFIGS)).toEqual(['CradleDataLoading-Training', 'Registration-NA']);
    expect(filled.PIPELINE_STEP_CONFIGS['CradleDataLoading-Training']).toEqual(template.PIPELINE_STEP_CONFIGS['CradleDataLoading-Training']);
    expect(filled.PIPELINE_ADDITIONAL_PARAMS).toEqual({});
    const reg = filled.PIPELINE_STEP_CONFIGS['Registration-NA'];
    expect(reg.STEP_TYPE).toEqual(['PROCESSING_STEP', 'MimsModelRegistrationProcessingStep']);
    expect(reg.STEP_CONFIG).toMatchObject({
      model_domain: 'ExampleDomain',
      model_objective: 'RnR_Example_Model_NA',
      model_owner: 'amzn1.abacus.team.exampleteam0000000000',
      model_registration_region: 'NA',
      source_model_region: 'us-east-1',
      source_model_environment_variable_map: { SAGEMAKER_PROGRAM: 'pytorch_inference_handler.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
      // Payload's expected_tps and its processing instance type (seed 003), not the inference instance type.
      load_testing_info_map: { sample_payload_s3_bucket: 'example-mods-bucket', expected_tps: 10, instance_type_list: ['ml.m5.4xlarge'] },
    });
  });
});

describe("cursus's xgboost catalog DAG and an XGBoost project config", () => {
  it('the training config reads as cursus’s: skip_hyperparameters_s3_uri true, source_dir under project_root_folder', () => {
    const file = readConfigFile(XGB_CONFIG, { nodes: ['XGBoostTraining'], search: { cwd, projectBase: '' } });
    const train = file.configs.XGBoostTraining!;
    if (train.stepType !== 'XGBoostTraining') throw new Error('narrowing');
    expect(train.config.skip_hyperparameters_s3_uri).toBe(true);
    expect(train.config.source_dir).toBe(join(XGB_PROJECT, 'dockers', 'xgboost_atoz'));
    expect(train.config.hyperparameters).toEqual({});
  });

  it('validate: the steps sagewire models are wired, the Cradle loaders it does not are named, all in one run', () => {
    const r = xgbValidated;
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { error: { issues: Array<{ path: string; message: string }> } };
    expect(out.error.issues.map((i) => i.path)).toEqual([
      'metadata.config_types.CradleDataLoading_calibration',
      'metadata.config_types.CradleDataLoading_training',
      'dag.nodes.CradleDataLoading_training',
      'dag.nodes.CradleDataLoading_calibration',
      'TabularPreprocessing_training.input_data',
      'TabularPreprocessing_calibration.input_data',
    ]);
    expect(out.error.issues[0]!.message).toMatch(/^unknown config class, got "CradleDataLoadingConfig"/);
    expect(noticeLines(r.stderr).map((l) => l.slice('notice: '.length, l.indexOf(': ', 'notice: '.length)))).toEqual([
      'configuration.shared.project_root_folder',
      'XGBoostTraining.training_data',
    ]);
  });
});
