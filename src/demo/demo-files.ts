/**
 * The demo's sources, written into its working folder: the four-step DAG (DummyTraining ->
 * Package, DummyTraining -> Payload, Package -> Registration, Payload -> Registration), its
 * config file (the examples/four-step flow with caching on), and the inference script.
 * Files are rewritten only when their content changed, so a second run sees the same inputs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTENT_TYPES } from '../config/content-types.js';
import { writeFileAtomic } from '../fs/atomic-write.js';

export const DEMO_DAG = {
  dag: {
    nodes: ['DummyTraining', 'Package', 'Payload', 'Registration'],
    edges: [
      ['DummyTraining', 'Package'],
      ['DummyTraining', 'Payload'],
      ['Package', 'Registration'],
      ['Payload', 'Registration'],
    ],
  },
};

export const DEMO_CONFIG = {
  configuration: {
    shared: {
      author: 'sagewire-demo',
      bucket: 'sagewire-demo',
      enable_caching: true,
      framework_version: '1.7-1',
      model_class: 'xgboost',
      pipeline_version: '1.0.0',
      py_version: 'py3',
      region: 'NA',
      role: 'arn:aws:iam::111122223333:role/SageMakerPipelineRole',
      service_name: 'Demo',
    },
    specific: {
      DummyTraining: {
        __model_type__: 'DummyTrainingConfig',
        hyperparameters: {
          id_name: 'order_id',
          label_name: 'is_fraud',
          tab_field_list: ['order_amount', 'account_age_days'],
          cat_field_list: ['payment_method'],
        },
        pretrained_model_path: 'model/model.tar.gz',
      },
      Package: {
        __model_type__: 'PackageStepConfig',
        inference_scripts_dir: 'inference',
        model_registration_objective: 'order_risk',
        model_type: 'xgboost',
      },
      Payload: {
        __model_type__: 'PayloadConfig',
        model_registration_objective: 'order_risk',
        source_model_inference_content_types: [...CONTENT_TYPES],
      },
      Registration: {
        __model_type__: 'ModelRegistrationConfig',
        framework: 'xgboost',
        inference_entry_point: 'inference.py',
        model_domain: 'demo',
        model_objective: 'order_risk',
        model_owner: 'sagewire-demo',
        source_model_inference_content_types: [...CONTENT_TYPES],
        source_model_inference_input_variable_list: [
          ['order_amount', 'NUMERIC'],
          ['account_age_days', 'NUMERIC'],
          ['payment_method', 'TEXT'],
        ],
        source_model_inference_output_variable_list: { score: 'NUMERIC' },
      },
    },
  },
  metadata: {
    config_types: {
      DummyTraining: 'DummyTrainingConfig',
      Package: 'PackageStepConfig',
      Payload: 'PayloadConfig',
      Registration: 'ModelRegistrationConfig',
    },
  },
};

export const INFERENCE_SCRIPT = `"""Inference handlers of the sagewire demo model (SageMaker serving contract)."""
import json
import os


def model_fn(model_dir):
    with open(os.path.join(model_dir, "hyperparameters.json")) as f:
        return {"hyperparameters": json.load(f), "weights": os.path.join(model_dir, "weights.bin")}


def input_fn(body, content_type):
    if content_type == "application/json":
        return json.loads(body)
    if content_type == "text/csv":
        return body.decode().strip().split(",")
    raise ValueError(f"unsupported content type {content_type}")


def predict_fn(data, model):
    values = data if isinstance(data, list) else list(data.values())
    numbers = []
    for v in values:
        try:
            numbers.append(float(v))
        except (TypeError, ValueError):
            pass
    return {"score": sum(numbers) / max(len(numbers), 1)}


def output_fn(prediction, accept):
    return json.dumps(prediction)
`;

/** Writes a file atomically unless it already holds exactly `text`. */
export async function writeIfChanged(path: string, text: string): Promise<void> {
  if ((await readFile(path, 'utf8').catch(() => undefined)) === text) return;
  await writeFileAtomic(path, text);
}

/** Writes dag.json, config.json and inference/inference.py into `dir`. */
export async function writeDemoSources(dir: string): Promise<{ dag: string; config: string }> {
  const dag = join(dir, 'dag.json');
  const config = join(dir, 'config.json');
  await writeIfChanged(dag, `${JSON.stringify(DEMO_DAG, null, 2)}\n`);
  await writeIfChanged(config, `${JSON.stringify(DEMO_CONFIG, null, 2)}\n`);
  await writeIfChanged(join(dir, 'inference', 'inference.py'), INFERENCE_SCRIPT);
  return { dag, config };
}
