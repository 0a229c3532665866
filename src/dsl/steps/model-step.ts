/**
 * A Model step (`CreateModel` arguments): registers a container image plus model data as a
 * SageMaker model. It exposes `ModelName` and `PrimaryContainer.ModelDataUrl`, so later steps
 * can consume the model data it was created from.
 * See https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModel.html
 */
import type { Value } from '../expressions.js';
import { renderVpcConfig, type NetworkProps } from '../network.js';
import { compact, renderDependsOn, renderHeader, renderRetryPolicies } from '../render-common.js';
import { renderValue, renderValueMap, type Json, type ReferenceSink } from '../render-value.js';
import { Step, type RetryPolicyProps, type StepProps } from '../step.js';
import type { PropertyMatch } from '../step-kinds.js';

export interface ContainerProps {
  image: Value;
  modelDataUrl?: Value;
  environment?: Record<string, Value>;
}

export interface ModelStepProps extends StepProps {
  executionRoleArn: Value;
  primaryContainer: ContainerProps;
  network?: NetworkProps;
  retryPolicies?: RetryPolicyProps[];
}

/** Renders a `ContainerDefinition` (also used by RegisterModel). */
export function renderContainer(c: ContainerProps, sink?: ReferenceSink): Json {
  return compact({
    Image: renderValue(c.image, sink),
    Environment: renderValueMap(c.environment ?? {}, sink),
    ModelDataUrl: c.modelDataUrl !== undefined ? renderValue(c.modelDataUrl, sink) : undefined,
  });
}

export class ModelStep extends Step {
  readonly type = 'Model' as const;
  readonly props: ModelStepProps;

  constructor(props: ModelStepProps) {
    super(props);
    this.props = props;
  }

  /** Paths under PrimaryContainer read what this step sets: no ModelDataUrl unless it has one. */
  protected override hasMatched(match: PropertyMatch, path: string): boolean {
    void match;
    return path !== 'PrimaryContainer.ModelDataUrl' || this.props.primaryContainer.modelDataUrl !== undefined;
  }

  toStepJson(sink?: ReferenceSink): Json {
    const p = this.props;
    return {
      ...renderHeader(this),
      ...renderDependsOn(this.dependsOn),
      Arguments: compact({
        ExecutionRoleArn: renderValue(p.executionRoleArn, sink),
        PrimaryContainer: renderContainer(p.primaryContainer, sink),
        VpcConfig: renderVpcConfig(p.network, sink),
        EnableNetworkIsolation: p.network?.enableNetworkIsolation ? true : undefined,
      }),
      ...renderRetryPolicies(p.retryPolicies),
    };
  }
}
