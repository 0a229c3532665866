/** DAG + configs -> a SageMaker pipeline definition. */
export { compile, createTemplate, type CompileOptions } from './compile.js';
export { PipelineBuilderTemplate, fillExecutionDocumentFrom, type CompileResult, type TemplateProps } from './template.js';
export { AssetCollector } from './assets.js';
export { sanitizePipelineName, PIPELINE_NAME_PATTERN } from './pipeline-name.js';
export { pipelineParameters, type PipelineParameters } from './parameters.js';
export type { BuildContext, BuildResult, BuilderMap, StepBuilder } from './build-context.js';
