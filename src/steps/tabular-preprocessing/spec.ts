import { defineSpec } from '../../spec/specification.js';

/** TabularPreprocessing: raw data in, processed splits out. */
export const TABULAR_PREPROCESSING_SPEC = defineSpec({
  stepType: 'TabularPreprocessing',
  sagemakerStepType: 'Processing',
  nodeType: 'internal',
  dependencies: [
    {
      logicalName: 'input_data',
      dependencyType: 'processing_output',
      required: true,
      compatibleSources: ['DataLoad'],
      semanticKeywords: ['data', 'raw', 'dataset'],
      dataType: 'S3Uri',
      description: 'Raw tabular data',
    },
  ],
  outputs: [
    {
      logicalName: 'processed_data',
      outputType: 'processing_output',
      propertyPath: "properties.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri",
      dataType: 'S3Uri',
      aliases: ['training_data', 'train_data', 'ProcessedTabularData'],
      description: 'Processed data, one folder per split',
    },
  ],
});
