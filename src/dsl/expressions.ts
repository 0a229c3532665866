/**
 * References inside a pipeline definition, as small data objects with a `kind`.
 *
 * A `Value` is what any argument of a step may hold: a literal or one of these references.
 * They are rendered by one walker (`render-value.ts`), which also derives the data edges
 * between steps; `parse-value.ts` is its inverse (wire JSON -> these objects), and the local
 * runner evaluates what it returns.
 */

/** A pipeline parameter, rendered `{"Get": "Parameters.<name>"}`. */
export interface ParameterRef {
  readonly kind: 'parameter';
  readonly name: string;
}

/**
 * A property of another step, rendered `{"Get": "Steps.<step>.<path>"}`.
 * `path` has no `properties.` prefix, e.g. `ModelArtifacts.S3ModelArtifacts`.
 */
export interface StepPropertyRef {
  readonly kind: 'step-property';
  readonly step: string;
  readonly path: string;
}

/** The execution variables SageMaker provides. */
export const EXECUTION_VARIABLE_NAMES = ['PipelineExecutionId', 'PipelineExecutionArn', 'PipelineName', 'PipelineArn', 'StartDateTime', 'CurrentDateTime'] as const;
export type ExecutionVariableName = (typeof EXECUTION_VARIABLE_NAMES)[number];

/** An execution variable, rendered `{"Get": "Execution.<name>"}`. */
export interface ExecutionVariableRef {
  readonly kind: 'execution-variable';
  readonly name: ExecutionVariableName;
}

/** `{"Std:Join": {"On": on, "Values": [...]}}`. */
export interface JoinExpr {
  readonly kind: 'join';
  readonly on: string;
  readonly values: readonly Value[];
}

/** `{"Std:JsonGet": {"PropertyFile": {"Get": "Steps.<step>.PropertyFiles.<file>"}, "Path": path}}`. */
export interface JsonGetExpr {
  readonly kind: 'json-get';
  readonly step: string;
  readonly propertyFile: string;
  readonly path: string;
}

export type Expr = ParameterRef | StepPropertyRef | ExecutionVariableRef | JoinExpr | JsonGetExpr;

/** Anything a step argument may hold. */
export type Value = string | number | boolean | Expr;

export function parameterRef(name: string): ParameterRef {
  return { kind: 'parameter', name };
}

/** A step property; a leading `properties.` (the specs' notation) is dropped. */
export function stepProperty(step: string, path: string): StepPropertyRef {
  return { kind: 'step-property', step, path: path.replace(/^properties\./, '') };
}

export function executionVariable(name: ExecutionVariableName): ExecutionVariableRef {
  return { kind: 'execution-variable', name };
}

export function join(on: string, values: readonly Value[]): JoinExpr {
  return { kind: 'join', on, values };
}

export function jsonGet(step: string, propertyFile: string, path: string): JsonGetExpr {
  return { kind: 'json-get', step, propertyFile, path };
}
