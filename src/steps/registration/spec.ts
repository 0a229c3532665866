import { defineSpec } from '../../spec/specification.js';

/** Registration (seed 002): registers the packaged model; a sink. */
export const REGISTRATION_SPEC = defineSpec({
  stepType: 'Registration',
  sagemakerStepType: 'Processing',
  nodeType: 'sink',
  dependencies: [
    {
      logicalName: 'packaged_model_input',
      dependencyType: 'model_artifacts',
      required: true,
      compatibleSources: ['Package'],
      semanticKeywords: ['packaged', 'model', 'package'],
      dataType: 'S3Uri',
      description: 'The packaged model.tar.gz',
    },
    {
      logicalName: 'payload_input',
      dependencyType: 'payload_samples',
      required: false,
      compatibleSources: ['Payload'],
      semanticKeywords: ['payload', 'sample'],
      dataType: 'S3Uri',
      description: 'payload.tar.gz with sample requests',
    },
    {
      logicalName: 'registration_config',
      dependencyType: 'custom_property',
      required: true,
      compatibleSources: [],
      semanticKeywords: ['registration', 'config'],
      dataType: 'S3Uri',
      description: 'The registration config JSON, built at compile time',
      providedBy: 'builder',
    },
    {
      logicalName: 'performance_metadata',
      dependencyType: 'custom_property',
      required: false,
      compatibleSources: ['ModelEvaluation'],
      semanticKeywords: ['performance', 'metrics', 'metadata'],
      dataType: 'S3Uri',
      description: 'Performance metadata of the model',
    },
  ],
  outputs: [],
});
