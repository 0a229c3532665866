/**
 * The rule for step and parameter names in a pipeline definition: 1-64 of A-Z a-z 0-9 - _
 * (SageMaker's own pattern for step names). The compiler, the definition model and the local
 * runner all check names with this one rule; for the runner it is also what keeps
 * `.sagewire/runs/<id>/<step>` inside the run folder.
 */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The rule in words, as messages state it. */
export const NAME_RULE = 'must match [A-Za-z0-9-_]{1,64}';

export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}
