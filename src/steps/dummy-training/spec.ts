import { defineSpec } from '../../spec/specification.js';

/** DummyTraining (seed 004): a source step; both inputs come from its config. */
export const DUMMY_TRAINING_SPEC = defineSpec({
  stepType: 'DummyTraining',
  sagemakerStepType: 'Processing',
  nodeType: 'source',
  dependencies: [
    {
      logicalName: 'pretrained_model_path',
      dependencyType: 'model_artifacts',
      required: true,
      compatibleSources: [],
      semanticKeywords: ['model', 'pretrained', 'artifact'],
      dataType: 'S3Uri',
      description: 'The pretrained model.tar.gz: the config pretrained_model_path (s3:// or a local file uploaded like code)',
      providedBy: 'builder',
    },
    {
      logicalName: 'hyperparameters_path',
      dependencyType: 'hyperparameters',
      required: true,
      compatibleSources: [],
      semanticKeywords: ['hyperparameters', 'config'],
      dataType: 'S3Uri',
      description: 'hyperparameters.json, written from the config hyperparameters at compile time',
      providedBy: 'builder',
    },
  ],
  outputs: [
    {
      logicalName: 'model_output',
      outputType: 'model_artifacts',
      propertyPath: "properties.ProcessingOutputConfig.Outputs['model_output'].S3Output.S3Uri",
      dataType: 'S3Uri',
      aliases: ['ModelArtifacts', 'model_artifacts', 'model_data', 'trained_model'],
      description: 'model.tar.gz with hyperparameters.json at its root',
    },
  ],
});
