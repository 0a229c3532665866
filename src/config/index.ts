/**
 * sagewire's configs: the zod schemas (the only source of truth; types via z.infer), derived
 * fields, inheritance from a base config, config class tables, and the one config file
 * (sagewire's format, and cursus-written files). The step config classes live with their
 * steps (`steps/<step>/config.ts`, listed by `steps/catalog.ts`).
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
export {
  BASE_CONFIG_CLASSES,
  BASE_CONFIG_TABLE,
  configClassTable,
  type ConfigClass,
  type ConfigClassTable,
  type ConfigSchema,
  type LoadedConfig,
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
