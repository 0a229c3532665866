/**
 * The spec check of an output's property path (in the specs' `properties.` notation): it must
 * be a property of its SageMaker step kind (the one table: dsl/step-kinds.ts), and a path that
 * names a Processing output must name the output itself, since the builder uses the logical
 * name as `OutputName`.
 */
import { matchProperty, STEP_KINDS, type StepKindName } from '../dsl/step-kinds.js';

/** The SageMaker step kinds a catalog step compiles to (Condition and Fail are control flow). */
export type SageMakerStepType = Exclude<StepKindName, 'Condition' | 'Fail'>;

/** Why `path` is not valid for `stepType` (undefined when it is). */
export function propertyPathProblem(stepType: SageMakerStepType, path: string, logicalName: string): string | undefined {
  const kind = (STEP_KINDS as Record<string, (typeof STEP_KINDS)[StepKindName] | undefined>)[stepType];
  if (!kind || kind.type === 'Condition' || kind.type === 'Fail') return `unknown SageMaker step type ${JSON.stringify(stepType)}`;
  const bare = path.replace(/^properties\./, '');
  const match = path.startsWith('properties.') ? matchProperty(kind, bare) : undefined;
  if (!match) {
    return `${JSON.stringify(path)} is not a property of a ${stepType} step (expected properties. and one of ${kind.properties.join(', ')})`;
  }
  if (match.output !== undefined && match.output !== logicalName) {
    return `property path names output ${JSON.stringify(match.output)} but the output is ${JSON.stringify(logicalName)}`;
  }
  return undefined;
}
