import { defineSpec } from '../../spec/specification.js';

/**
 * PytorchModel (seed 003): a SageMaker Model. It exposes the model data it was created from
 * (`PrimaryContainer.ModelDataUrl`) so packaging and payload can consume it.
 */
export const PYTORCH_MODEL_SPEC = defineSpec({
  stepType: 'PytorchModel',
  sagemakerStepType: 'Model',
  nodeType: 'internal',
  dependencies: [
    {
      logicalName: 'model_data',
      dependencyType: 'model_artifacts',
      required: false,
      compatibleSources: ['PytorchTraining', 'DummyTraining'],
      semanticKeywords: ['model', 'artifacts', 'trained'],
      dataType: 'S3Uri',
      description: 'model.tar.gz (else the config model_data)',
    },
  ],
  outputs: [
    {
      logicalName: 'model_name',
      outputType: 'custom_property',
      propertyPath: 'properties.ModelName',
      dataType: 'String',
      aliases: ['ModelName'],
      description: 'Name of the created SageMaker model',
    },
    {
      logicalName: 'model_artifacts',
      outputType: 'model_artifacts',
      propertyPath: 'properties.PrimaryContainer.ModelDataUrl',
      dataType: 'S3Uri',
      aliases: ['ModelDataUrl', 'model_data', 'model_output'],
      description: 'The model data the model was created from',
    },
  ],
});
