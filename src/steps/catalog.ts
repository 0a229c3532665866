/**
 * The step catalog: one list of step definitions. Adding a step type means adding a folder
 * under `steps/` and one line here; every step-type union, config map and config class table
 * is derived from this list. Its step types hold their config schemas on demand (no zod for
 * `sagewire steps`); `config-classes.ts` loads them for whatever reads or validates configs.
 */
import type { z } from 'zod';
import type { LoadedConfig } from '../config/registry.js';
import { dataLoadStep } from './data-load/builder.js';
import { dummyTrainingStep } from './dummy-training/builder.js';
import type { StepDefinition } from './kit/define-step.js';
import { packageStep } from './package/builder.js';
import { payloadStep } from './payload/builder.js';
import { pytorchModelStep } from './pytorch-model/builder.js';
import { pytorchTrainingStep } from './pytorch-training/builder.js';
import { registrationStep } from './registration/builder.js';
import { tabularPreprocessingStep } from './tabular-preprocessing/builder.js';
import { xgboostTrainingStep } from './xgboost-training/builder.js';

/** Every step type sagewire builds, in the order `sagewire steps` lists them. */
export const STEP_CATALOG = [
  dataLoadStep,
  tabularPreprocessingStep,
  dummyTrainingStep,
  xgboostTrainingStep,
  pytorchTrainingStep,
  pytorchModelStep,
  packageStep,
  payloadStep,
  registrationStep,
] as const;

type CatalogStep = (typeof STEP_CATALOG)[number];

/** The step types of the catalog. */
export type StepType = CatalogStep['stepType'];

/** The parsed config type of each step type of the catalog. */
export type StepConfigByType = { [D in CatalogStep as D['stepType']]: z.output<D['config']['schema']> };

/** A loaded config of the catalog, narrowed by its step type (null: a shared base). */
export type CatalogLoadedConfig = { [T in StepType]: LoadedConfig<T, StepConfigByType[T]> }[StepType] | LoadedConfig<null>;

export const STEP_TYPES: readonly StepType[] = STEP_CATALOG.map((d) => d.stepType);

/** The catalog's definition of a step type. */
export function stepDefinition<T extends StepType>(stepType: T): Extract<CatalogStep, { stepType: T }> {
  return STEP_CATALOG.find((d) => d.stepType === stepType) as Extract<CatalogStep, { stepType: T }>;
}

/** The definition of `stepType` in `steps`; undefined when it has none. */
export function findStep(stepType: string, steps: readonly StepDefinition[] = STEP_CATALOG): StepDefinition | undefined {
  return steps.find((d) => d.stepType === stepType);
}
