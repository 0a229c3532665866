/**
 * sagewire's configs: the zod schemas (the only source of truth; types via z.infer), derived
 * fields, inheritance from a base config, the class registry, and the one config file
 * (sagewire's format, and cursus-written files).
 */
export {
  AWS_REGION_BY_CODE,
  BasePipelineConfig,
  DERIVED_FIELD_NAMES,
  REGIONS,
  basePipelineShape,
  deriveFields,
  withDerivedFields,
  type BasePipelineConfigInput,
  type DerivedFields,
  type Region,
  type WithDerived,
} from './base-config.js';
export { ProcessingStepConfigBase, getEffectiveSourceDir, getInstanceType, processingShape } from './processing-config.js';
export { trainingShape } from './training-config.js';
export { CONTENT_TYPES, VARIABLE_TYPES, VariableList, variablePairs, type ContentType, type VariableType } from './variable-list.js';
export { DataLoadConfig } from '../steps/data-load/config.js';
export { DummyTrainingConfig } from '../steps/dummy-training/config.js';
export { PackageStepConfig } from '../steps/package/config.js';
export { PayloadConfig, getSamplePayloadS3Key } from '../steps/payload/config.js';
export { PytorchModelCreationConfig } from '../steps/pytorch-model/config.js';
export { PytorchTrainingConfig } from '../steps/pytorch-training/config.js';
export { FRAMEWORKS, ModelRegistrationConfig } from '../steps/registration/config.js';
export { JOB_TYPES, TabularPreprocessingConfig } from '../steps/tabular-preprocessing/config.js';
export { XGBoostTrainingConfig } from '../steps/xgboost-training/config.js';
export {
  CONFIG_CLASSES,
  STEP_TYPES,
  configClassOf,
  getConfigClass,
  knownClassNames,
  type ConfigClass,
  type ConfigSchema,
  type LoadedConfig,
  type StepConfigByType,
  type StepType,
} from './registry.js';
export { fromBaseConfig, knownFields, parseConfigObject, validateConfig, type ParseResult } from './validate.js';
export { describeValue, formatZodIssues } from './issues.js';
export {
  loadConfigFile,
  parseConfigDocument,
  readConfigFile,
  type ConfigFileContents,
  type ConfigMap,
  type ReadConfigOptions,
} from './file/read-config-file.js';
export { saveConfigFile, serializeConfigFile, type ConfigToSave } from './file/save-config-file.js';
export { PATH_FIELDS, canonicalConfigPaths, resolveConfigPaths } from './file/paths.js';
export { CURSUS_DERIVED_FIELDS } from './file/cursus-compat.js';
