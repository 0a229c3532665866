/**
 * The container layout shared by the framework training steps: channels are staged under
 * `/opt/ml/input/data/<channel>`, the model is written to `/opt/ml/model`.
 */
import { SpecError } from '../../errors.js';
import type { ScriptContract } from '../../spec/contract.js';
import { defineSpec, type StepSpecification } from '../../spec/specification.js';

/** The channel a training contract path is staged into (`/opt/ml/input/data/<channel>/...`). */
export function channelOf(containerPath: string): string {
  const m = /^\/opt\/ml\/input\/data\/([^/]+)/.exec(containerPath);
  if (!m) throw new SpecError(`training contract path ${containerPath} is not under /opt/ml/input/data/<channel>`);
  return m[1]!;
}

export function trainingContract(framework: string, requirements: Record<string, string>): ScriptContract {
  return {
    entryPoint: 'train.py',
    inputs: {
      training_data: '/opt/ml/input/data/train',
      hyperparameters_s3_uri: '/opt/ml/input/data/config/hyperparameters.json',
      source_code: '/opt/ml/input/data/code',
    },
    outputs: { model_output: '/opt/ml/model' },
    requiredEnv: [],
    optionalEnv: {},
    frameworkRequirements: requirements,
    description: `${framework} training script (the config training_entry_point in source_dir); reads hyperparameters.json`,
  };
}

/** The spec shared by the framework training steps. */
export function trainingSpec(stepType: 'PytorchTraining' | 'XGBoostTraining'): StepSpecification {
  return defineSpec({
    stepType,
    sagemakerStepType: 'Training',
    nodeType: 'internal',
    dependencies: [
      {
        logicalName: 'training_data',
        dependencyType: 'training_data',
        required: false,
        compatibleSources: ['TabularPreprocessing', 'DataLoad'],
        semanticKeywords: ['data', 'training', 'processed', 'train'],
        dataType: 'S3Uri',
        description: 'Training data (else the config training_input_path)',
      },
      {
        logicalName: 'hyperparameters_s3_uri',
        dependencyType: 'hyperparameters',
        required: true,
        compatibleSources: [],
        semanticKeywords: ['hyperparameters', 'config'],
        dataType: 'S3Uri',
        description: 'hyperparameters.json, written from the config at compile time (channel "config")',
        providedBy: 'builder',
      },
      {
        logicalName: 'source_code',
        dependencyType: 'custom_property',
        required: true,
        compatibleSources: [],
        semanticKeywords: ['code', 'source'],
        dataType: 'S3Uri',
        description: 'The config source_dir, uploaded as one folder (channel "code")',
        providedBy: 'builder',
      },
    ],
    outputs: [
      {
        logicalName: 'model_output',
        outputType: 'model_artifacts',
        propertyPath: 'properties.ModelArtifacts.S3ModelArtifacts',
        dataType: 'S3Uri',
        aliases: ['ModelArtifacts', 'model_artifacts', 'model_data', 'trained_model'],
        description: 'model.tar.gz written by the training job',
      },
    ],
  });
}
