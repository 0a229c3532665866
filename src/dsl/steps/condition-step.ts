/**
 * A Condition step: evaluates conditions and runs `ifSteps` or `elseSteps`. The branch steps
 * are rendered nested inside it and count as pipeline steps for names and references.
 */
import { DefinitionError } from '../../errors.js';
import type { Value } from '../expressions.js';
import { renderDependsOn, renderHeader } from '../render-common.js';
import { renderValue, type Json, type ReferenceSink } from '../render-value.js';
import { Step, type StepProps } from '../step.js';

/** The comparison kinds a condition can use, as the definition names them. */
export const COMPARISON_TYPES = ['Equals', 'NotEquals', 'GreaterThan', 'GreaterThanOrEqualTo', 'LessThan', 'LessThanOrEqualTo'] as const;
export type ComparisonType = (typeof COMPARISON_TYPES)[number];

export type Condition =
  | { kind: 'compare'; type: ComparisonType; left: Value; right: Value }
  | { kind: 'in'; value: Value; values: Value[] }
  | { kind: 'not'; condition: Condition }
  | { kind: 'or'; conditions: Condition[] };

export interface ConditionStepProps extends StepProps {
  conditions: Condition[];
  ifSteps?: Step[];
  elseSteps?: Step[];
}

/** Renders one condition (`parseCondition` in parse-value.ts is its inverse). */
export function renderCondition(c: Condition, sink?: ReferenceSink): Json {
  switch (c.kind) {
    case 'compare':
      return { Type: c.type, LeftValue: renderValue(c.left, sink), RightValue: renderValue(c.right, sink) };
    case 'in':
      return { Type: 'In', QueryValue: renderValue(c.value, sink), Values: c.values.map((v) => renderValue(v, sink)) };
    case 'not':
      return { Type: 'Not', Condition: renderCondition(c.condition, sink) };
    case 'or':
      return { Type: 'Or', Conditions: c.conditions.map((x) => renderCondition(x, sink)) };
    default:
      throw new DefinitionError(`unknown condition kind ${JSON.stringify((c as { kind?: unknown }).kind)}`);
  }
}

export class ConditionStep extends Step {
  readonly type = 'Condition' as const;
  readonly props: ConditionStepProps;

  constructor(props: ConditionStepProps) {
    super(props);
    this.props = props;
  }

  override children(): readonly Step[] {
    return [...(this.props.ifSteps ?? []), ...(this.props.elseSteps ?? [])];
  }

  toStepJson(sink?: ReferenceSink): Json {
    return {
      ...renderHeader(this),
      ...renderDependsOn(this.dependsOn),
      Arguments: {
        Conditions: this.props.conditions.map((c) => renderCondition(c, sink)),
        IfSteps: (this.props.ifSteps ?? []).map((s) => s.toStepJson(sink)),
        ElseSteps: (this.props.elseSteps ?? []).map((s) => s.toStepJson(sink)),
      },
    };
  }
}
