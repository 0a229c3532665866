/**
 * The config classes sagewire knows: class name (ours, and the cursus alias) -> schema and
 * step type. The compiler picks a step builder by `stepType`; bases have none.
 */
import type { z } from 'zod';
import { BasePipelineConfig, type WithDerived } from './base-config.js';
import { ProcessingStepConfigBase } from './processing-config.js';
import { DataLoadConfig } from '../steps/data-load/config.js';
import { DummyTrainingConfig } from '../steps/dummy-training/config.js';
import { PackageStepConfig } from '../steps/package/config.js';
import { PayloadConfig } from '../steps/payload/config.js';
import { PytorchModelCreationConfig } from '../steps/pytorch-model/config.js';
import { PytorchTrainingConfig } from '../steps/pytorch-training/config.js';
import { ModelRegistrationConfig } from '../steps/registration/config.js';
import { TabularPreprocessingConfig } from '../steps/tabular-preprocessing/config.js';
import { XGBoostTrainingConfig } from '../steps/xgboost-training/config.js';

export const STEP_TYPES = [
  'DummyTraining',
  'Package',
  'Payload',
  'Registration',
  'PytorchTraining',
  'XGBoostTraining',
  'PytorchModel',
  'TabularPreprocessing',
  'DataLoad',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** The parsed config type of each step type. */
export interface StepConfigByType {
  DummyTraining: DummyTrainingConfig;
  Package: PackageStepConfig;
  Payload: PayloadConfig;
  Registration: ModelRegistrationConfig;
  PytorchTraining: PytorchTrainingConfig;
  XGBoostTraining: XGBoostTrainingConfig;
  PytorchModel: PytorchModelCreationConfig;
  TabularPreprocessing: TabularPreprocessingConfig;
  DataLoad: DataLoadConfig;
}

/** Any config schema of the registry (all are zod objects). */
export type ConfigSchema = z.ZodObject;

export interface ConfigClass {
  /** sagewire's class name, the one `saveConfigFile` writes. */
  className: string;
  schema: ConfigSchema;
  /** The step type the class configures; null for the shared bases. */
  stepType: StepType | null;
  /** The class name cursus writes, when it differs. */
  cursusName?: string;
  /** cursus field name -> ours, applied when a cursus-format file is read. */
  cursusFieldRenames?: Readonly<Record<string, string>>;
}

const CLASSES: readonly ConfigClass[] = [
  { className: 'BasePipelineConfig', schema: BasePipelineConfig, stepType: null },
  { className: 'ProcessingStepConfigBase', schema: ProcessingStepConfigBase, stepType: null },
  { className: 'DummyTrainingConfig', schema: DummyTrainingConfig, stepType: 'DummyTraining' },
  { className: 'PackageStepConfig', schema: PackageStepConfig, stepType: 'Package', cursusName: 'PackageConfig' },
  { className: 'PayloadConfig', schema: PayloadConfig, stepType: 'Payload' },
  {
    className: 'ModelRegistrationConfig',
    schema: ModelRegistrationConfig,
    stepType: 'Registration',
    cursusName: 'RegistrationConfig',
  },
  {
    className: 'PytorchTrainingConfig',
    schema: PytorchTrainingConfig,
    stepType: 'PytorchTraining',
    cursusName: 'PyTorchTrainingConfig',
  },
  { className: 'XGBoostTrainingConfig', schema: XGBoostTrainingConfig, stepType: 'XGBoostTraining' },
  {
    className: 'PytorchModelCreationConfig',
    schema: PytorchModelCreationConfig,
    stepType: 'PytorchModel',
    cursusName: 'PyTorchModelStepConfig',
    cursusFieldRenames: { entry_point: 'inference_entry_point', instance_type: 'inference_instance_type' },
  },
  { className: 'TabularPreprocessingConfig', schema: TabularPreprocessingConfig, stepType: 'TabularPreprocessing' },
  { className: 'DataLoadConfig', schema: DataLoadConfig, stepType: 'DataLoad' },
];

const BY_NAME = new Map<string, ConfigClass>();
for (const c of CLASSES) {
  BY_NAME.set(c.className, c);
  if (c.cursusName) BY_NAME.set(c.cursusName, c);
}

/** Every config class, in a fixed order (bases first). */
export const CONFIG_CLASSES: readonly ConfigClass[] = CLASSES;

/** The class of a name, ours or a cursus alias; undefined when unknown. */
export function getConfigClass(name: string): ConfigClass | undefined {
  return BY_NAME.get(name);
}

/** True when `name` is only ever written by cursus (a sign the file is cursus-format). */
export function isCursusOnlyName(name: string): boolean {
  const c = BY_NAME.get(name);
  return c !== undefined && c.cursusName === name;
}

/** Every class name accepted in a config file (ours and cursus aliases), sorted. */
export function knownClassNames(): string[] {
  return [...BY_NAME.keys()].sort();
}

/** The class of a step type. */
export function configClassOf(stepType: StepType): ConfigClass {
  return CLASSES.find((c) => c.stepType === stepType)!;
}

/** One loaded config: its class, its step type and the parsed config with derived fields. */
export type LoadedConfig =
  | { [K in StepType]: { className: string; stepType: K; config: WithDerived<StepConfigByType[K]> } }[StepType]
  | { className: string; stepType: null; config: WithDerived<BasePipelineConfig> };
