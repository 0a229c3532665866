/**
 * A Training step (`CreateTrainingJob` arguments).
 * See https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html
 */
import type { Issue } from '../../errors.js';
import type { Value } from '../expressions.js';
import { renderVpcConfig, type NetworkProps } from '../network.js';
import { compact, renderCacheConfig, renderDependsOn, renderHeader, renderRetryPolicies } from '../render-common.js';
import { renderValue, renderValueMap, type Json, type ReferenceSink } from '../render-value.js';
import { Step, type JobStepProps } from '../step.js';

export interface TrainingChannelProps {
  channelName: string;
  s3Uri: Value;
  /** Default `S3Prefix`. */
  s3DataType?: 'S3Prefix' | 'ManifestFile';
  contentType?: string;
}

export interface TrainingStepProps extends JobStepProps {
  roleArn: Value;
  trainingImage: Value;
  /** Default `File`. */
  inputMode?: 'File' | 'Pipe' | 'FastFile';
  hyperParameters?: Record<string, Value>;
  channels?: TrainingChannelProps[];
  /** Where `model.tar.gz` is written (under `<job name>/output/`). */
  outputPath: Value;
  outputKmsKeyId?: Value;
  instanceType: Value;
  instanceCount: Value;
  volumeSizeInGb: Value;
  volumeKmsKeyId?: Value;
  /** Default 86400 (one day). */
  maxRuntimeInSeconds?: Value;
  environment?: Record<string, Value>;
  network?: NetworkProps;
}

export class TrainingStep extends Step {
  readonly type = 'Training' as const;
  readonly props: TrainingStepProps;

  constructor(props: TrainingStepProps) {
    super(props);
    this.props = props;
  }

  override validate(): Issue[] {
    const names = (this.props.channels ?? []).map((c) => c.channelName);
    const dups = names.filter((n, i) => names.indexOf(n) !== i);
    return dups.map((n) => ({ path: `${this.name}.InputDataConfig`, message: `duplicate channel ${JSON.stringify(n)}` }));
  }

  toStepJson(sink?: ReferenceSink): Json {
    const p = this.props;
    const v = (x: Value) => renderValue(x, sink);
    return {
      ...renderHeader(this),
      ...renderDependsOn(this.dependsOn),
      Arguments: compact({
        AlgorithmSpecification: { TrainingImage: v(p.trainingImage), TrainingInputMode: p.inputMode ?? 'File' },
        OutputDataConfig: compact({
          S3OutputPath: v(p.outputPath),
          KmsKeyId: p.outputKmsKeyId !== undefined ? v(p.outputKmsKeyId) : undefined,
        }),
        StoppingCondition: { MaxRuntimeInSeconds: v(p.maxRuntimeInSeconds ?? 86400) },
        ResourceConfig: compact({
          VolumeSizeInGB: v(p.volumeSizeInGb),
          InstanceCount: v(p.instanceCount),
          InstanceType: v(p.instanceType),
          VolumeKmsKeyId: p.volumeKmsKeyId !== undefined ? v(p.volumeKmsKeyId) : undefined,
        }),
        RoleArn: v(p.roleArn),
        InputDataConfig: (p.channels ?? []).map((c) =>
          compact({
            DataSource: {
              S3DataSource: { S3DataType: c.s3DataType ?? 'S3Prefix', S3Uri: v(c.s3Uri), S3DataDistributionType: 'FullyReplicated' },
            },
            ContentType: c.contentType,
            ChannelName: c.channelName,
          }),
        ),
        HyperParameters: p.hyperParameters && Object.keys(p.hyperParameters).length > 0 ? renderValueMap(p.hyperParameters, sink) : undefined,
        Environment: p.environment && Object.keys(p.environment).length > 0 ? renderValueMap(p.environment, sink) : undefined,
        VpcConfig: renderVpcConfig(p.network, sink),
        EnableNetworkIsolation: p.network?.enableNetworkIsolation ? true : undefined,
        EnableInterContainerTrafficEncryption: p.network?.encryptInterContainerTraffic ? true : undefined,
      }),
      ...renderRetryPolicies(p.retryPolicies),
      ...renderCacheConfig(p.cache),
    };
  }
}
