/**
 * Spec/contract alignment: every container path of a script contract has a spec entry with
 * the same logical name, and every spec entry has a container path.
 */
import { SpecError, type Issue } from '../errors.js';
import type { ScriptContract } from './contract.js';
import type { StepSpecification } from './specification.js';

/** Problems between a spec and its contract; empty when aligned. */
export function alignmentIssues(spec: StepSpecification, contract: ScriptContract): Issue[] {
  const issues: Issue[] = [];
  const deps = new Set(spec.dependencies.map((d) => d.logicalName));
  const outs = new Set(spec.outputs.map((o) => o.logicalName));
  for (const name of Object.keys(contract.inputs)) {
    if (!deps.has(name)) issues.push({ path: `${spec.stepType}.inputs.${name}`, message: 'contract input has no dependency in the spec' });
  }
  for (const name of deps) {
    if (!(name in contract.inputs)) issues.push({ path: `${spec.stepType}.dependencies.${name}`, message: 'spec dependency has no contract input path' });
  }
  for (const name of Object.keys(contract.outputs)) {
    if (!outs.has(name)) issues.push({ path: `${spec.stepType}.outputs.${name}`, message: 'contract output has no output in the spec' });
  }
  for (const name of outs) {
    if (!(name in contract.outputs)) issues.push({ path: `${spec.stepType}.outputs.${name}`, message: 'spec output has no contract output path' });
  }
  return issues;
}

/** Throws SpecError when the spec and the contract disagree. */
export function assertAligned(spec: StepSpecification, contract: ScriptContract): void {
  const issues = alignmentIssues(spec, contract);
  if (issues.length > 0) throw new SpecError(`${spec.stepType}: specification and script contract disagree`, issues);
}
