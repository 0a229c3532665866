/**
 * Step specifications: what a step type consumes (dependencies) and produces (outputs), in
 * terms the dependency resolver matches on. Plain data; `defineSpec` checks it once.
 */
import { SpecError, type Issue } from '../errors.js';
import { propertyPathProblem, type SageMakerStepType } from './property-paths.js';

/** What kind of thing flows along an edge; the resolver only pairs compatible kinds. */
export type DependencyType =
  | 'model_artifacts'
  | 'processing_output'
  | 'training_data'
  | 'hyperparameters'
  | 'payload_samples'
  | 'custom_property';

/** Where a step sits in a graph: sources consume nothing resolved, sinks produce nothing. */
export type NodeType = 'source' | 'internal' | 'sink';

export type DataType = 'S3Uri' | 'String';

export interface DependencySpec {
  /** The input's name: also the contract key and the ProcessingInput/channel name. */
  logicalName: string;
  dependencyType: DependencyType;
  required: boolean;
  /** Step types that may feed it (a step type of the catalog, e.g. `DummyTraining`). */
  compatibleSources: string[];
  /** Words that describe what the input wants (matched against output names and aliases). */
  semanticKeywords: string[];
  dataType: DataType;
  description: string;
  /**
   * `builder`: the builder provides it from the config (inference scripts, hyperparameters,
   * config JSON files); the resolver never wires it. Default `dependency`.
   */
  providedBy?: 'dependency' | 'builder';
}

export interface OutputSpec {
  logicalName: string;
  outputType: DependencyType;
  /** The SageMaker property, e.g. `properties.ModelArtifacts.S3ModelArtifacts`. */
  propertyPath: string;
  dataType: DataType;
  /** Other names consumers may know this output by. */
  aliases: string[];
  description: string;
}

export interface StepSpecification {
  /** The catalog's step type, e.g. `Package`, `PyTorchTraining`. */
  stepType: string;
  /** The definition step it becomes. */
  sagemakerStepType: SageMakerStepType;
  nodeType: NodeType;
  dependencies: DependencySpec[];
  outputs: OutputSpec[];
}

/** The dependencies the resolver wires (those not provided by the builder). */
export function resolvableDependencies(spec: StepSpecification): DependencySpec[] {
  return spec.dependencies.filter((d) => d.providedBy !== 'builder');
}

/** Checks a specification's own consistency; throws SpecError listing every problem. */
export function defineSpec(spec: StepSpecification): StepSpecification {
  const issues: Issue[] = [];
  const at = (p: string) => `${spec.stepType}.${p}`;
  const seen = new Set<string>();
  for (const name of [...spec.dependencies.map((d) => d.logicalName), ...spec.outputs.map((o) => o.logicalName)]) {
    if (seen.has(name)) issues.push({ path: at(name), message: 'logical name used twice' });
    seen.add(name);
  }
  for (const o of spec.outputs) {
    const problem = propertyPathProblem(spec.sagemakerStepType, o.propertyPath, o.logicalName);
    if (problem) issues.push({ path: at(`outputs.${o.logicalName}`), message: problem });
  }
  const resolvable = resolvableDependencies(spec);
  if (spec.nodeType === 'source' && resolvable.some((d) => d.required)) {
    issues.push({ path: at('nodeType'), message: 'a source step cannot have required resolvable dependencies' });
  }
  if (spec.nodeType === 'sink' && spec.outputs.length > 0) {
    issues.push({ path: at('nodeType'), message: 'a sink step has no outputs' });
  }
  if (spec.nodeType !== 'source' && resolvable.length === 0) {
    issues.push({ path: at('nodeType'), message: 'a step with no resolvable dependencies is a source' });
  }
  if (issues.length > 0) throw new SpecError(`step specification ${spec.stepType} is inconsistent`, issues);
  return spec;
}
