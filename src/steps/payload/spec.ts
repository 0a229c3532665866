import { defineSpec } from '../../spec/specification.js';

/** Payload (seed 003): sample requests per content type for load testing. */
export const PAYLOAD_SPEC = defineSpec({
  stepType: 'Payload',
  sagemakerStepType: 'Processing',
  nodeType: 'internal',
  dependencies: [
    {
      logicalName: 'model_input',
      dependencyType: 'model_artifacts',
      required: true,
      compatibleSources: ['DummyTraining', 'XGBoostTraining', 'PytorchTraining', 'PytorchModel', 'Package'],
      semanticKeywords: ['model', 'artifacts', 'hyperparameters'],
      dataType: 'S3Uri',
      description: 'A model.tar.gz (or folder) whose hyperparameters.json names the input fields',
    },
    {
      logicalName: 'payload_config',
      dependencyType: 'custom_property',
      required: true,
      compatibleSources: [],
      semanticKeywords: ['payload', 'config'],
      dataType: 'S3Uri',
      description: 'payload_config.json, written from the config at compile time',
      providedBy: 'builder',
    },
  ],
  outputs: [
    {
      logicalName: 'payload_sample',
      outputType: 'payload_samples',
      propertyPath: "properties.ProcessingOutputConfig.Outputs['payload_sample'].S3Output.S3Uri",
      dataType: 'S3Uri',
      aliases: ['payload', 'payload_samples', 'sample_payload', 'GeneratedPayloadSamples'],
      description: 'payload.tar.gz with one sample per content type',
    },
  ],
});
