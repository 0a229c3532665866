/**
 * The pipeline's step graph and its JSON file form.
 */
export { PipelineDAG, type DagJson } from './pipeline-dag.js';
export { parseDagJson } from './dag-json.js';
export { loadDagFile } from './dag-file.js';
