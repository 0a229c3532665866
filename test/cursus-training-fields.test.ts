/**
 * cursus's training fields: `skip_hyperparameters_s3_uri` (cursus's XGBoost/PyTorch training
 * builders leave out the hyperparameters channel when it is true, its default; the script reads
 * hyperparams/hyperparameters.json from its source_dir) and the train/val/test channels cursus
 * makes from a preprocessing output, which sagewire passes as one channel (a notice).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile/compile.js';
import { ROOT } from './helpers/cli.js';
import { BASE_FIELDS } from './helpers/base-config.js';

const work = mkdtempSync(join(tmpdir(), 'sagewire-cursus-training-'));
let count = 0;


/** A one-step training pipeline; `cursus` adds cursus's metadata, so the file reads as cursus-written. */
function setup(train: Record<string, unknown>, opts: { cursus: boolean; sourceHyperparameters?: boolean }): { dag: string; config: string } {
  const dir = join(work, `case-${count++}`);
  mkdirSync(join(dir, 'train', 'hyperparams'), { recursive: true });
  writeFileSync(join(dir, 'train', 'train.py'), 'print("train")\n');
  if (opts.sourceHyperparameters) writeFileSync(join(dir, 'train', 'hyperparams', 'hyperparameters.json'), '{"eta": 0.1}\n');
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      configuration: {
        shared: BASE_FIELDS,
        specific: {
          Train: {
            __model_type__: 'XGBoostTrainingConfig',
            source_dir: 'train',
            training_entry_point: 'train.py',
            training_input_path: 's3://example-bucket/data/',
            ...train,
          },
        },
      },
      metadata: { config_types: { Train: 'XGBoostTrainingConfig' }, ...(opts.cursus ? { created_at: '2026-11-02T10:00:00' } : {}) },
    }),
  );
  const dag = join(dir, 'dag.json');
  writeFileSync(dag, JSON.stringify({ dag: { nodes: ['Train'], edges: [] } }));
  return { dag, config };
}

interface TrainingArgs {
  InputDataConfig: Array<{ ChannelName: string }>;
  HyperParameters: Record<string, string>;
}

function trainingArgs(definition: Record<string, unknown>): TrainingArgs {
  return (definition.Steps as Array<{ Name: string; Arguments: TrainingArgs }>).find((s) => s.Name === 'Train')!.Arguments;
}

function channels(definition: Record<string, unknown>): string[] {
  return trainingArgs(definition).InputDataConfig.map((c) => c.ChannelName);
}

describe('skip_hyperparameters_s3_uri', () => {
  it('true: no channel "config", no hyperparameter of the config passed, a notice for the dropped ones', () => {
    const { dag, config } = setup({ skip_hyperparameters_s3_uri: true, hyperparameters: { eta: 0.1 } }, { cursus: true, sourceHyperparameters: true });
    const r = compile({ dag, configFile: config });
    expect(channels(r.definition)).toEqual(['train', 'code']);
    expect(Object.keys(trainingArgs(r.definition).HyperParameters).sort()).toEqual([
      'sagemaker_container_log_level',
      'sagemaker_program',
      'sagemaker_region',
      'sagemaker_submit_directory',
    ]);
    expect(r.manifest.assets.filter((a) => a.text !== undefined)).toEqual([]);
    expect(r.notices).toEqual([
      { path: 'Train.hyperparameters', message: expect.stringMatching(/^not passed to the job: skip_hyperparameters_s3_uri is true.*hyperparams\/hyperparameters\.json/) },
    ]);
  });

  it('absent from a cursus file: cursus’s default (true) applies', () => {
    const { dag, config } = setup({}, { cursus: true, sourceHyperparameters: true });
    const r = compile({ dag, configFile: config });
    expect(channels(r.definition)).toEqual(['train', 'code']);
    expect(r.notices).toEqual([]);
  });

  it('a source_dir without hyperparams/hyperparameters.json is a notice', () => {
    const { dag, config } = setup({ skip_hyperparameters_s3_uri: true }, { cursus: true });
    const r = compile({ dag, configFile: config });
    expect(r.notices).toEqual([{ path: 'Train.source_dir', message: expect.stringMatching(/^has no hyperparams\/hyperparameters\.json/) }]);
  });

  it('false (cursus file), or absent from a sagewire file: the channel "config" with the config’s hyperparameters, as before', () => {
    for (const [train, cursus] of [
      [{ skip_hyperparameters_s3_uri: false, hyperparameters: { eta: 0.1 } }, true],
      [{ hyperparameters: { eta: 0.1 } }, false],
    ] as const) {
      const { dag, config } = setup(train, { cursus });
      const r = compile({ dag, configFile: config });
      expect(channels(r.definition)).toEqual(['train', 'config', 'code']);
      expect(trainingArgs(r.definition).HyperParameters.eta).toBe('0.1');
      expect(r.notices).toEqual([]);
    }
  });

  it('a non-boolean is a schema error naming the field', () => {
    const { dag, config } = setup({ skip_hyperparameters_s3_uri: 'yes' }, { cursus: false });
    expect(() => compile({ dag, configFile: config })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'configuration.specific.Train.skip_hyperparameters_s3_uri' })] }),
    );
  });
});

describe('one channel "train" where cursus makes train, val and test', () => {
  const EXAMPLE = join(ROOT, 'examples', 'xgboost-train');
  function exampleConfig(cursus: boolean): string {
    const doc = JSON.parse(readFileSync(join(EXAMPLE, 'config.json'), 'utf8'));
    doc.configuration.shared.project_root = EXAMPLE;
    if (cursus) doc.metadata.created_at = '2026-11-02T10:00:00';
    doc.configuration.specific.Train.skip_hyperparameters_s3_uri = false;
    const file = join(work, `xgboost-train-${cursus ? 'cursus' : 'sagewire'}.json`);
    writeFileSync(file, JSON.stringify(doc));
    return file;
  }

  it('a cursus file gets a notice at the training step’s input; the wiring is unchanged', () => {
    const r = compile({ dag: join(EXAMPLE, 'dag.json'), configFile: exampleConfig(true) });
    expect(channels(r.definition)).toEqual(['train', 'config', 'code']);
    const notice = r.notices.filter((n) => n.path === 'Train.training_data');
    expect(notice).toEqual([{ path: 'Train.training_data', message: expect.stringMatching(/^Preprocess's output is passed whole as the one channel "train".*three channels train, val and test/) }]);
  });

  it('a sagewire file gets none', () => {
    const r = compile({ dag: join(EXAMPLE, 'dag.json'), configFile: exampleConfig(false) });
    expect(r.notices.filter((n) => n.path === 'Train.training_data')).toEqual([]);
  });
});
