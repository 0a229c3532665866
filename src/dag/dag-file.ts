/**
 * Reading a DAG file.
 */
import { readFileSync } from 'node:fs';
import { DagError } from '../errors.js';
import { PipelineDAG } from './pipeline-dag.js';

/** Reads a DAG file; a missing file, bad JSON or a bad shape is a DagError naming the file. */
export function loadDagFile(file: string): PipelineDAG {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DagError(`${file}: cannot read DAG file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DagError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return PipelineDAG.fromJSON(json, file);
}
