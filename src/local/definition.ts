/**
 * The pipeline definition as the local runner reads it: the JSON `compile` emits (and AWS
 * runs), loaded as is. Steps nested in a Condition's IfSteps/ElseSteps are flattened into
 * one list, each remembering the branch it belongs to.
 */
import { DefinitionError } from '../errors.js';
import { isValidName, NAME_RULE } from '../dsl/names.js';
import { readDefinitionFile } from '../dsl/definition-file.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ParameterDef {
  Name: string;
  Type: 'String' | 'Integer' | 'Float' | 'Boolean';
  DefaultValue?: Json;
  /** A String parameter's allowed values (SDK `ParameterString(enum_values=...)`). */
  EnumValues?: string[];
}

export interface PropertyFileDef {
  PropertyFileName: string;
  OutputName: string;
  FilePath: string;
}

export interface StepDef {
  Name: string;
  Type: string;
  Arguments?: JsonObject;
  DependsOn?: string[];
  CacheConfig?: { Enabled?: boolean; ExpireAfter?: string };
  PropertyFiles?: PropertyFileDef[];
  DisplayName?: string;
  Description?: string;
}

export interface PipelineDefinition {
  Version: string;
  Parameters?: ParameterDef[];
  Steps: StepDef[];
  Metadata?: JsonObject;
}

/** A step with where it sits: top level, or a branch of a Condition step. */
export interface FlatStep {
  def: StepDef;
  /** The Condition step and branch that own this step; absent at top level. */
  branch?: { condition: string; when: boolean };
}

/** Reads a definition file (dsl/definition-file.ts) and checks it as the runner needs. */
export async function loadDefinition(path: string): Promise<PipelineDefinition> {
  return checkDefinition(readDefinitionFile(path), path);
}

/** Checks the outer shape (what the runner relies on); step arguments are checked per type. */
export function checkDefinition(value: unknown, source = 'definition'): PipelineDefinition {
  const d = value as Partial<PipelineDefinition> | null;
  if (!d || typeof d !== 'object' || !Array.isArray(d.Steps)) {
    throw new DefinitionError(`${source}: not a SageMaker pipeline definition (expected an object with "Steps": [...])`);
  }
  const issues: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const [i, s] of flattenSteps(d as PipelineDefinition).entries()) {
    const step = s.def as Partial<StepDef>;
    if (typeof step?.Name !== 'string' || typeof step.Type !== 'string') {
      issues.push({ path: `Steps[${i}]`, message: 'needs a string "Name" and "Type"' });
      continue;
    }
    if (!isValidName(step.Name)) {
      // also what keeps `.sagewire/runs/<id>/<step>` inside the run folder
      issues.push({ path: `Steps[${i}].Name`, message: `step name ${JSON.stringify(step.Name)} ${NAME_RULE}` });
    }
    if (seen.has(step.Name)) issues.push({ path: `Steps.${step.Name}`, message: 'step name used twice' });
    seen.add(step.Name);
  }
  if (issues.length) throw new DefinitionError(`${source}: malformed steps`, issues);
  return d as PipelineDefinition;
}

/** Every step, Condition branches included, in document order. */
export function flattenSteps(def: PipelineDefinition): FlatStep[] {
  const out: FlatStep[] = [];
  const visit = (steps: unknown, branch?: FlatStep['branch']) => {
    if (!Array.isArray(steps)) return;
    for (const step of steps as StepDef[]) {
      out.push(branch ? { def: step, branch } : { def: step });
      if (step?.Type === 'Condition' && step.Arguments) {
        visit(step.Arguments.IfSteps, { condition: step.Name, when: true });
        visit(step.Arguments.ElseSteps, { condition: step.Name, when: false });
      }
    }
  };
  visit(def.Steps);
  return out;
}
