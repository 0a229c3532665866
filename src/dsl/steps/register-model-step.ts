/**
 * A RegisterModel step (`CreateModelPackage` arguments): a model package version in a
 * SageMaker Model Registry group.
 * See https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModelPackage.html
 */
import type { Value } from '../expressions.js';
import { compact, renderDependsOn, renderHeader, renderRetryPolicies } from '../render-common.js';
import { renderValue, renderValueMap, type Json, type ReferenceSink } from '../render-value.js';
import { Step, type RetryPolicyProps, type StepProps } from '../step.js';
import { renderContainer, type ContainerProps } from './model-step.js';

export interface RegisterModelStepProps extends StepProps {
  modelPackageGroupName: Value;
  containers: ContainerProps[];
  contentTypes: string[];
  responseTypes: string[];
  realtimeInstanceTypes?: string[];
  transformInstanceTypes?: string[];
  /** Default `PendingManualApproval`. */
  approvalStatus?: Value;
  description?: string;
  /** ModelPackageDescription. */
  modelPackageDescription?: Value;
  /** CustomerMetadataProperties: up to 50 keys, values of at most 256 characters. */
  customerMetadata?: Record<string, Value>;
  /** SamplePayloadUrl: an archive of sample requests. */
  samplePayloadUrl?: Value;
  retryPolicies?: RetryPolicyProps[];
}

export class RegisterModelStep extends Step {
  readonly type = 'RegisterModel' as const;
  readonly props: RegisterModelStepProps;

  constructor(props: RegisterModelStepProps) {
    super(props);
    this.props = props;
  }

  toStepJson(sink?: ReferenceSink): Json {
    const p = this.props;
    return {
      ...renderHeader(this),
      ...renderDependsOn(this.dependsOn),
      Arguments: compact({
        ModelPackageGroupName: renderValue(p.modelPackageGroupName, sink),
        InferenceSpecification: compact({
          Containers: p.containers.map((c) => renderContainer(c, sink)),
          SupportedContentTypes: [...p.contentTypes],
          SupportedResponseMIMETypes: [...p.responseTypes],
          SupportedRealtimeInferenceInstanceTypes: p.realtimeInstanceTypes ? [...p.realtimeInstanceTypes] : undefined,
          SupportedTransformInstanceTypes: p.transformInstanceTypes ? [...p.transformInstanceTypes] : undefined,
        }),
        ModelApprovalStatus: renderValue(p.approvalStatus ?? 'PendingManualApproval', sink),
        ModelPackageDescription: p.modelPackageDescription !== undefined ? renderValue(p.modelPackageDescription, sink) : undefined,
        CustomerMetadataProperties: p.customerMetadata ? renderValueMap(p.customerMetadata, sink) : undefined,
        SamplePayloadUrl: p.samplePayloadUrl !== undefined ? renderValue(p.samplePayloadUrl, sink) : undefined,
      }),
      ...renderRetryPolicies(p.retryPolicies),
    };
  }
}
