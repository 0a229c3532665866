import { defineSpec } from '../../spec/specification.js';

/** Package (seeds 000/001): model artifacts + local inference scripts -> packaged model. */
export const PACKAGE_SPEC = defineSpec({
  stepType: 'Package',
  sagemakerStepType: 'Processing',
  nodeType: 'internal',
  dependencies: [
    {
      logicalName: 'model_input',
      dependencyType: 'model_artifacts',
      required: true,
      compatibleSources: ['DummyTraining', 'XGBoostTraining', 'PytorchTraining', 'PytorchModel'],
      semanticKeywords: ['model', 'artifacts', 'trained', 'model_data'],
      dataType: 'S3Uri',
      description: 'Trained model artifacts (model.tar.gz or loose files)',
    },
    {
      logicalName: 'inference_scripts_input',
      dependencyType: 'custom_property',
      required: true,
      compatibleSources: [],
      semanticKeywords: ['inference', 'scripts', 'code'],
      dataType: 'S3Uri',
      description: 'Always the local inference scripts folder of the config, never a dependency',
      providedBy: 'builder',
    },
    {
      logicalName: 'calibration_input',
      dependencyType: 'processing_output',
      required: false,
      compatibleSources: ['ModelCalibration'],
      semanticKeywords: ['calibration', 'calibrated'],
      dataType: 'S3Uri',
      description: 'Calibration files, packed under calibration/ (else the config calibration_dir)',
    },
  ],
  outputs: [
    {
      logicalName: 'packaged_model_output',
      outputType: 'model_artifacts',
      propertyPath: "properties.ProcessingOutputConfig.Outputs['packaged_model_output'].S3Output.S3Uri",
      dataType: 'S3Uri',
      aliases: ['packaged_model', 'PackagedModel', 'model_package'],
      description: 'The deployable model.tar.gz with the inference scripts under code/',
    },
  ],
});
