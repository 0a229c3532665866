/**
 * A Processing step (`CreateProcessingJob` arguments). Inputs are staged from S3 into the
 * container, outputs uploaded from container folders to S3.
 * See https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateProcessingJob.html
 */
import type { Issue } from '../../errors.js';
import type { Value } from '../expressions.js';
import { renderVpcConfig, type NetworkProps } from '../network.js';
import { compact, renderCacheConfig, renderDependsOn, renderHeader, renderRetryPolicies } from '../render-common.js';
import { renderValue, renderValueMap, type Json, type ReferenceSink } from '../render-value.js';
import { Step, type JobStepProps } from '../step.js';
import type { PropertyMatch } from '../step-kinds.js';

export interface ProcessingInputProps {
  inputName: string;
  /** S3 URI (literal or reference). */
  source: Value;
  /** Absolute folder in the container. */
  destination: string;
  /** Default `S3Prefix`. */
  s3DataType?: 'S3Prefix' | 'ManifestFile';
  /** Default `File`. */
  inputMode?: 'File' | 'Pipe';
}

export interface ProcessingOutputProps {
  outputName: string;
  /** Absolute folder in the container. */
  source: string;
  /** S3 URI (literal or reference). */
  destination: Value;
  /** Default `EndOfJob`. */
  uploadMode?: 'EndOfJob' | 'Continuous';
}

export interface ProcessingStepProps extends JobStepProps {
  roleArn: Value;
  imageUri: Value;
  entrypoint?: Value[];
  containerArguments?: Value[];
  instanceType: Value;
  instanceCount: Value;
  volumeSizeInGb: Value;
  volumeKmsKeyId?: Value;
  inputs?: ProcessingInputProps[];
  outputs?: ProcessingOutputProps[];
  outputKmsKeyId?: Value;
  environment?: Record<string, Value>;
  /** Default: SageMaker's (1 day). */
  maxRuntimeInSeconds?: Value;
  network?: NetworkProps;
}

export class ProcessingStep extends Step {
  readonly type = 'Processing' as const;
  readonly props: ProcessingStepProps;

  constructor(props: ProcessingStepProps) {
    super(props);
    this.props = props;
  }

  protected override hasMatched(match: PropertyMatch): boolean {
    return match.output === undefined || (this.props.outputs ?? []).some((o) => o.outputName === match.output);
  }

  override validate(): Issue[] {
    const issues: Issue[] = [];
    const dup = (names: string[], what: string) => {
      const seen = new Set<string>();
      for (const n of names) {
        if (seen.has(n)) issues.push({ path: `${this.name}.${what}`, message: `duplicate name ${JSON.stringify(n)}` });
        seen.add(n);
      }
    };
    dup((this.props.inputs ?? []).map((i) => i.inputName), 'ProcessingInputs');
    dup((this.props.outputs ?? []).map((o) => o.outputName), 'ProcessingOutputConfig.Outputs');
    for (const p of [...(this.props.inputs ?? []).map((i) => i.destination), ...(this.props.outputs ?? []).map((o) => o.source)]) {
      if (!p.startsWith('/opt/ml/processing')) {
        issues.push({ path: this.name, message: `container path ${JSON.stringify(p)} must be under /opt/ml/processing` });
      }
    }
    return issues;
  }

  toStepJson(sink?: ReferenceSink): Json {
    const p = this.props;
    const v = (x: Value) => renderValue(x, sink);
    const vpc = renderVpcConfig(p.network, sink);
    const network =
      vpc || p.network?.enableNetworkIsolation || p.network?.encryptInterContainerTraffic
        ? compact({
            EnableInterContainerTrafficEncryption: p.network?.encryptInterContainerTraffic ? true : undefined,
            EnableNetworkIsolation: p.network?.enableNetworkIsolation ? true : undefined,
            VpcConfig: vpc,
          })
        : undefined;
    const outputs = p.outputs ?? [];
    return {
      ...renderHeader(this),
      ...renderDependsOn(this.dependsOn),
      Arguments: compact({
        ProcessingResources: {
          ClusterConfig: compact({
            InstanceType: v(p.instanceType),
            InstanceCount: v(p.instanceCount),
            VolumeSizeInGB: v(p.volumeSizeInGb),
            VolumeKmsKeyId: p.volumeKmsKeyId !== undefined ? v(p.volumeKmsKeyId) : undefined,
          }),
        },
        AppSpecification: compact({
          ImageUri: v(p.imageUri),
          ContainerArguments: (p.containerArguments ?? []).map(v),
          ContainerEntrypoint: (p.entrypoint ?? []).map(v),
        }),
        RoleArn: v(p.roleArn),
        ProcessingInputs: (p.inputs ?? []).map((i) => ({
          InputName: i.inputName,
          S3Input: {
            S3Uri: v(i.source),
            LocalPath: i.destination,
            S3DataType: i.s3DataType ?? 'S3Prefix',
            S3InputMode: i.inputMode ?? 'File',
            S3DataDistributionType: 'FullyReplicated',
            S3CompressionType: 'None',
          },
        })),
        ProcessingOutputConfig:
          outputs.length > 0
            ? compact({
                Outputs: outputs.map((o) => ({
                  OutputName: o.outputName,
                  S3Output: { S3Uri: v(o.destination), LocalPath: o.source, S3UploadMode: o.uploadMode ?? 'EndOfJob' },
                })),
                KmsKeyId: p.outputKmsKeyId !== undefined ? v(p.outputKmsKeyId) : undefined,
              })
            : undefined,
        Environment: p.environment && Object.keys(p.environment).length > 0 ? renderValueMap(p.environment, sink) : undefined,
        NetworkConfig: network,
        StoppingCondition: p.maxRuntimeInSeconds !== undefined ? { MaxRuntimeInSeconds: v(p.maxRuntimeInSeconds) } : undefined,
      }),
      ...renderRetryPolicies(p.retryPolicies),
      ...renderCacheConfig(p.cache),
    };
  }
}
