/**
 * The short path: a DAG (file or object) and the configs (a config file, or configs built in
 * code) -> a compiled pipeline.
 */
import type { LoadedConfig } from '../config/registry.js';
import { loadDagFile } from '../dag/dag-file.js';
import type { PipelineDAG } from '../dag/pipeline-dag.js';
import { readConfigFile } from '../steps/config-file.js';
import { UsageError } from '../errors.js';
import { PipelineBuilderTemplate, type CompileResult, type TemplateProps } from './template.js';

export interface CompileOptions {
  /** A PipelineDAG, or the path of a DAG JSON file. */
  dag: PipelineDAG | string;
  /** Path of the config file (sagewire or cursus format). Give this or `configs`. */
  configFile?: string;
  /** DAG node name -> its config, e.g. from `stepConfig(step, fields)` or `loadConfigFile`. */
  configs?: Readonly<Record<string, LoadedConfig>>;
  /** Pipeline name; default the base config's `pipeline_name`. Sanitized either way. */
  name?: string;
  /** The step types the DAG may use. Default: the step catalog. */
  steps?: TemplateProps['steps'];
  packageRoot?: string;
  /** Own steps run the host's node (for `sagewire run` only; such a definition does not run on AWS). */
  hostNode?: boolean;
  /** False: compile for an account without a VPC (no VpcConfig/NetworkConfig). */
  vpc?: boolean;
}

/** Loads the DAG and the configs of its nodes, and returns the template ready to build. */
export function createTemplate(opts: Omit<CompileOptions, 'name'>): PipelineBuilderTemplate {
  const dag = typeof opts.dag === 'string' ? loadDagFile(opts.dag) : opts.dag;
  dag.topologicalSort(); // a cycle is reported before any config problem
  if ((opts.configFile === undefined) === (opts.configs === undefined)) {
    throw new UsageError('compile: give either configFile (a path) or configs (an object), not both or neither');
  }
  // Schema problems are gathered, not thrown: the template reports them with the paths and the wiring.
  const file =
    opts.configFile === undefined ? undefined : readConfigFile(opts.configFile, { nodes: dag.nodes, gather: true, ...(opts.steps ? { steps: opts.steps } : {}) });
  return new PipelineBuilderTemplate({
    dag,
    configMap: opts.configs ?? file!.configs,
    ...(file?.error ? { configError: file.error } : {}),
    ...(file ? { unparsed: file.unparsed, ignored: [...file.ignored, ...file.notices], format: file.format } : {}),
    ...(opts.steps ? { steps: opts.steps } : {}),
    ...(opts.packageRoot ? { packageRoot: opts.packageRoot } : {}),
    ...(opts.hostNode ? { hostNode: true } : {}),
    ...(opts.vpc === false ? { vpc: false } : {}),
  });
}

/** Compiles a DAG and its configs; see {@link PipelineBuilderTemplate.generatePipeline}. */
export function compile(opts: CompileOptions): CompileResult {
  return createTemplate(opts).generatePipeline(opts.name);
}
