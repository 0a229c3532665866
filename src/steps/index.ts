/**
 * The step types: the catalog, each step type's definition and config class, the toolkit
 * builders share, and the config file functions knowing the catalog's classes.
 */
export { CONFIG_CLASSES, configClassesOf } from './config-classes.js';
export {
  STEP_CATALOG,
  STEP_TYPES,
  findStep,
  stepDefinition,
  type CatalogLoadedConfig,
  type StepConfigByType,
  type StepType,
} from './catalog.js';
export { defineStep, type StepConfigClass, type StepConfigOf, type StepDefinition } from './kit/define-step.js';
export type { BuildContext, BuildResult } from './kit/build-context.js';
export { stepConfig } from './step-config.js';
export { loadConfigFile, parseConfigDocument, readConfigFile, saveConfigFile, serializeConfigFile, type StepReadOptions } from './config-file.js';
export { DataLoadConfig, dataLoadStep } from './data-load/index.js';
export { DummyTrainingConfig, dummyTrainingStep } from './dummy-training/index.js';
export { PackageStepConfig, packageStep } from './package/index.js';
export { PayloadConfig, getSamplePayloadS3Key, payloadStep } from './payload/index.js';
export { PytorchModelCreationConfig, pytorchModelStep } from './pytorch-model/index.js';
export { PytorchTrainingConfig, pytorchTrainingStep } from './pytorch-training/index.js';
export { FRAMEWORKS, ModelRegistrationConfig, registrationStep } from './registration/index.js';
export { JOB_TYPES, TabularPreprocessingConfig, tabularPreprocessingStep } from './tabular-preprocessing/index.js';
export { XGBoostTrainingConfig, xgboostTrainingStep } from './xgboost-training/index.js';
