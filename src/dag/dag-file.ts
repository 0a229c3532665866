/**
 * Reading a DAG file.
 */
import { DagError } from '../errors.js';
import { readJsonFileSync } from '../fs/json-input.js';
import { PipelineDAG } from './pipeline-dag.js';

/** Reads a DAG file; a missing file, bad JSON or a bad shape is a DagError naming the file. */
export function loadDagFile(file: string): PipelineDAG {
  const json = readJsonFileSync(file, { what: 'DAG file', fail: (message, issues) => new DagError(message, issues) });
  return PipelineDAG.fromJSON(json, file);
}
