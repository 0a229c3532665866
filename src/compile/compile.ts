/**
 * The short path: a DAG (file or object) and a config file -> a compiled pipeline.
 */
import { loadConfigFile } from '../config/file/read-config-file.js';
import { loadDagFile } from '../dag/dag-file.js';
import type { PipelineDAG } from '../dag/pipeline-dag.js';
import { PipelineBuilderTemplate, type CompileResult, type TemplateProps } from './template.js';

export interface CompileOptions {
  /** A PipelineDAG, or the path of a DAG JSON file. */
  dag: PipelineDAG | string;
  /** Path of the config file (sagewire or cursus format). */
  configFile: string;
  /** Pipeline name; default the base config's `pipeline_name`. Sanitized either way. */
  name?: string;
  builderMap?: TemplateProps['builderMap'];
  packageRoot?: string;
}

/** Loads the DAG and the configs of its nodes, and returns the template ready to build. */
export function createTemplate(opts: Omit<CompileOptions, 'name'>): PipelineBuilderTemplate {
  const dag = typeof opts.dag === 'string' ? loadDagFile(opts.dag) : opts.dag;
  dag.topologicalSort(); // a cycle is reported before any config problem
  const configMap = loadConfigFile(opts.configFile, { nodes: dag.nodes });
  return new PipelineBuilderTemplate({
    dag,
    configMap,
    ...(opts.builderMap ? { builderMap: opts.builderMap } : {}),
    ...(opts.packageRoot ? { packageRoot: opts.packageRoot } : {}),
  });
}

/** Compiles a DAG and a config file; see {@link PipelineBuilderTemplate.generatePipeline}. */
export function compile(opts: CompileOptions): CompileResult {
  return createTemplate(opts).generatePipeline(opts.name);
}
