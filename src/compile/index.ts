/** DAG + configs -> a SageMaker pipeline definition. */
export { compile, createTemplate, type CompileOptions } from './compile.js';
export { PipelineBuilderTemplate, fillExecutionDocumentFrom, type CompileResult, type TemplateProps } from './template.js';
export { AssetCollector } from '../steps/kit/assets.js';
export { sanitizePipelineName, PIPELINE_NAME_PATTERN } from './pipeline-name.js';
export { pipelineParameters, type PipelineParameters } from '../steps/kit/parameters.js';
