import { defineSpec } from '../../spec/specification.js';

/** DataLoad: a source step; its data comes from the config's `data_source_uris`. */
export const DATA_LOAD_SPEC = defineSpec({
  stepType: 'DataLoad',
  sagemakerStepType: 'Processing',
  nodeType: 'source',
  dependencies: [
    {
      logicalName: 'data_source',
      dependencyType: 'processing_output',
      required: true,
      compatibleSources: [],
      semanticKeywords: ['data', 'source'],
      dataType: 'S3Uri',
      description: 'The config data_source_uris, one ProcessingInput each',
      providedBy: 'builder',
    },
  ],
  outputs: [
    {
      logicalName: 'data_output',
      outputType: 'processing_output',
      propertyPath: "properties.ProcessingOutputConfig.Outputs['data_output'].S3Output.S3Uri",
      dataType: 'S3Uri',
      aliases: ['DATA', 'raw_data', 'data'],
      description: 'The loaded data',
    },
  ],
});
