/**
 * One descriptor per SageMaker step kind: its wire `Type`, the property paths a
 * `{"Get": "Steps.<step>.<path>"}` may read from it, and whether it takes a CacheConfig.
 * The dsl step classes, the spec check and the local runner all read this table; the local
 * runner's behaviour per kind is keyed by the same names (`local/step-kinds.ts`), so a kind
 * added here and not there fails type-checking.
 *
 * A step's properties are the response of the Describe call of the resource it creates
 * (what the SageMaker Python SDK builds its `properties` from): DescribeProcessingJob,
 * DescribeTrainingJob, DescribeModel, DescribeModelPackage; a Condition step exposes its
 * `Outcome`, a Fail step nothing. Listed here is the part of those shapes a pipeline reads.
 * See https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-propertyfile.html and
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeProcessingJob.html.
 */
import { UnknownStepKindError } from '../errors.js';

/** The SageMaker step kinds sagewire knows (the `Type` of a definition step). */
export type StepKindName = 'Processing' | 'Training' | 'Model' | 'RegisterModel' | 'Condition' | 'Fail';

export interface StepKind<K extends StepKindName = StepKindName> {
  /** The wire `Type` string. */
  readonly type: K;
  /** Other `Type` strings read as this kind (never emitted). */
  readonly aliases: readonly string[];
  /** The AWS shape its properties come from (documentation, and messages). */
  readonly describedBy: string;
  /**
   * Property paths, without `properties.`: `A.B` exactly; `A.**` anything below A;
   * `[<output>]` an output's name (it must be one of the step's outputs); `[<name>]` any
   * quoted name (a hyperparameter, a metric).
   */
  readonly properties: readonly string[];
  /** Whether the kind takes a `CacheConfig` (a job whose result can be reused). */
  readonly cacheable: boolean;
}

export const STEP_KINDS: { readonly [K in StepKindName]: StepKind<K> } = {
  Processing: {
    type: 'Processing',
    aliases: [],
    describedBy: 'DescribeProcessingJobResponse',
    properties: [
      'ProcessingJobName',
      'ProcessingJobArn',
      'ProcessingJobStatus',
      'ExitMessage',
      'FailureReason',
      'RoleArn',
      "ProcessingOutputConfig.Outputs[<output>].S3Output.S3Uri",
      "ProcessingOutputConfig.Outputs[<output>].S3Output.LocalPath",
      "ProcessingOutputConfig.Outputs[<output>].S3Output.S3UploadMode",
      "ProcessingOutputConfig.Outputs[<output>].OutputName",
      'ProcessingOutputConfig.KmsKeyId',
      'ProcessingInputs.**',
      'AppSpecification.**',
      'Environment.**',
      'ProcessingResources.**',
    ],
    cacheable: true,
  },
  Training: {
    type: 'Training',
    aliases: [],
    describedBy: 'DescribeTrainingJobResponse',
    properties: [
      'TrainingJobName',
      'TrainingJobArn',
      'TrainingJobStatus',
      'FailureReason',
      'RoleArn',
      'ModelArtifacts.S3ModelArtifacts',
      'OutputDataConfig.S3OutputPath',
      'OutputDataConfig.KmsKeyId',
      'HyperParameters[<name>]',
      'FinalMetricDataList[<name>].Value',
      'InputDataConfig.**',
      'AlgorithmSpecification.**',
      'ResourceConfig.**',
    ],
    cacheable: true,
  },
  Model: {
    type: 'Model',
    aliases: ['CreateModel'],
    describedBy: 'DescribeModelOutput',
    properties: ['ModelName', 'ModelArn', 'ExecutionRoleArn', 'PrimaryContainer.**', 'Containers.**'],
    cacheable: false,
  },
  RegisterModel: {
    type: 'RegisterModel',
    aliases: [],
    describedBy: 'DescribeModelPackageOutput',
    properties: [
      'ModelPackageArn',
      'ModelPackageName',
      'ModelPackageGroupName',
      'ModelPackageVersion',
      'ModelPackageDescription',
      'ModelApprovalStatus',
      'ModelPackageStatus',
      'InferenceSpecification.**',
      'CustomerMetadataProperties[<name>]',
    ],
    cacheable: false,
  },
  Condition: { type: 'Condition', aliases: [], describedBy: 'ConditionStepMetadata', properties: ['Outcome'], cacheable: false },
  Fail: { type: 'Fail', aliases: [], describedBy: '(none: a Fail step has no properties)', properties: [], cacheable: false },
};

export const STEP_KIND_NAMES = Object.keys(STEP_KINDS) as StepKindName[];

const BY_TYPE = new Map<string, StepKind>(
  Object.values(STEP_KINDS).flatMap((k: StepKind) => [[k.type, k] as const, ...k.aliases.map((a) => [a, k] as const)]),
);

/** The kind a wire `Type` names (an alias gives its kind); undefined when unknown. */
export function findStepKind(type: string): StepKind | undefined {
  return BY_TYPE.get(type);
}

/** The kind a wire `Type` names; an unknown one throws UnknownStepKindError. */
export function stepKind(type: string, where?: string): StepKind {
  const kind = BY_TYPE.get(type);
  if (!kind) throw new UnknownStepKindError(type, STEP_KIND_NAMES, where);
  return kind;
}

/** What a property path matched: the rule, and the output it names when the rule has `[<output>]`. */
export interface PropertyMatch {
  rule: string;
  output?: string;
}

const COMPILED = new Map<string, RegExp>();

function compile(rule: string): RegExp {
  let re = COMPILED.get(rule);
  if (!re) {
    const body = rule
      .split(/(\[<output>\]|\[<name>\]|\.\*\*)/)
      .map((part) => {
        if (part === '[<output>]') return "\\['([^']+)'\\]";
        if (part === '[<name>]') return "\\['[^']+'\\]";
        if (part === '.**') return '(?:\\.|\\[).+';
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    re = new RegExp(`^${body}$`);
    COMPILED.set(rule, re);
  }
  return re;
}

/** The rule of `kind` that `path` (no `properties.` prefix) matches; undefined when none does. */
export function matchProperty(kind: StepKind, path: string): PropertyMatch | undefined {
  for (const rule of kind.properties) {
    const m = compile(rule).exec(path);
    if (m) return m[1] !== undefined ? { rule, output: m[1] } : { rule };
  }
  return undefined;
}
