/** A Fail step: stops the execution with an error message. */
import type { Value } from '../expressions.js';
import { renderDependsOn, renderHeader } from '../render-common.js';
import { renderValue, type Json, type ReferenceSink } from '../render-value.js';
import { Step, type StepProps } from '../step.js';

export interface FailStepProps extends StepProps {
  errorMessage?: Value;
}

export class FailStep extends Step {
  readonly type = 'Fail' as const;
  readonly errorMessage: Value;

  constructor(props: FailStepProps) {
    super(props);
    this.errorMessage = props.errorMessage ?? '';
  }

  toStepJson(sink?: ReferenceSink): Json {
    return { ...renderHeader(this), ...renderDependsOn(this.dependsOn), Arguments: { ErrorMessage: renderValue(this.errorMessage, sink) } };
  }
}
