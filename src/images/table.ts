/**
 * sagewire's own compact table of SageMaker framework images: region -> ECR account,
 * repository, and the versions and tags we support. Derived from the facts in the SDK's
 * image URI tables (tests check it against them); only the commercial regions below.
 */

/** The ECR accounts of the SKLearn and XGBoost images (the same account per region). */
export const SKLEARN_XGBOOST_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '683313688378',
  'us-east-2': '257758044811',
  'us-west-1': '746614075791',
  'us-west-2': '246618743249',
  'eu-west-1': '141502667606',
  'eu-west-2': '764974769150',
  'eu-west-3': '659782779980',
  'eu-central-1': '492215442770',
  'eu-north-1': '662702820516',
  'ap-northeast-1': '354813040037',
  'ap-northeast-2': '366743142698',
  'ap-southeast-1': '121021644041',
  'ap-southeast-2': '783357654285',
  'ap-south-1': '720646828776',
  'ca-central-1': '341280168497',
  'sa-east-1': '737474898029',
};

/** The AWS Deep Learning Containers account: PyTorch >= 1.2 in every region above. */
export const DLC_ACCOUNT = '763104351884';

export const SUPPORTED_REGIONS: readonly string[] = Object.keys(SKLEARN_XGBOOST_ACCOUNTS);

export const SKLEARN = {
  repository: 'sagemaker-scikit-learn',
  /** Tag `<version>-cpu-py3`. */
  versions: ['0.20.0', '0.23-1', '1.0-1', '1.2-1', '1.4-2'],
} as const;

/**
 * The SKLearn processing image sagewire's Node steps run on by default: the oldest one on
 * Ubuntu 20.04 (glibc 2.31), new enough for the official Node binaries (glibc >= 2.28).
 */
export const NODE_STEP_SKLEARN_VERSION = '1.2-1';

/** SKLearn images whose glibc is older than 2.28, so the carried Node runtime cannot start there. */
export const SKLEARN_TOO_OLD_FOR_NODE: Readonly<Record<string, string>> = {
  '0.20.0': 'its base image has a glibc older than 2.28',
  '0.23-1': 'it is built on Ubuntu 18.04, whose glibc is 2.27',
  '1.0-1': 'it is built on Ubuntu 18.04, whose glibc is 2.27',
};

export const XGBOOST = {
  repository: 'sagemaker-xgboost',
  versions: ['0.90-1', '0.90-2', '1.0-1', '1.2-1', '1.2-2', '1.3-1', '1.5-1', '1.7-1', '3.0-5'],
  /** These tags carry `-cpu-py3`; later ones are the bare version. */
  suffixed: ['0.90-1', '0.90-2', '1.0-1'],
} as const;

/** PyTorch version -> the Python version of its images (the newest one offered). */
const PYTORCH_COMMON: Record<string, string> = {
  '1.8.0': 'py36',
  '1.8.1': 'py36',
  '1.9.0': 'py38',
  '1.9.1': 'py38',
  '1.10.0': 'py38',
  '1.10.2': 'py38',
  '1.11.0': 'py38',
  '1.12.0': 'py38',
  '1.12.1': 'py38',
  '1.13.1': 'py39',
  '2.0.0': 'py310',
  '2.0.1': 'py310',
  '2.1.0': 'py310',
  '2.2.0': 'py310',
  '2.3.0': 'py311',
  '2.4.0': 'py311',
  '2.5.1': 'py311',
  '2.6.0': 'py312',
};

export const PYTORCH = {
  training: { repository: 'pytorch-training', pyVersions: { ...PYTORCH_COMMON, '2.7.1': 'py312', '2.8.0': 'py312' } },
  inference: { repository: 'pytorch-inference', pyVersions: PYTORCH_COMMON },
  /** `major.minor` -> full version. */
  aliases: {
    '1.8': '1.8.1',
    '1.9': '1.9.1',
    '1.10': '1.10.2',
    '1.11': '1.11.0',
    '1.12': '1.12.1',
    '1.13': '1.13.1',
    '2.0': '2.0.1',
    '2.1': '2.1.0',
    '2.2': '2.2.0',
    '2.3': '2.3.0',
    '2.4': '2.4.0',
    '2.5': '2.5.1',
    '2.6': '2.6.0',
    '2.7': '2.7.1',
    '2.8': '2.8.0',
  } as Record<string, string>,
} as const;
