/**
 * The step catalog: step type -> { spec, contract, builder }. Adding a step type means adding
 * a folder under `steps/` and one line here.
 */
import type { BuilderMap, StepBuilder } from './kit/build-context.js';
import type { StepType } from '../config/registry.js';
import { dataLoadBuilder } from './data-load/builder.js';
import { dummyTrainingBuilder } from './dummy-training/builder.js';
import { packageBuilder } from './package/builder.js';
import { payloadBuilder } from './payload/builder.js';
import { pytorchModelBuilder } from './pytorch-model/builder.js';
import { pytorchTrainingBuilder } from './pytorch-training/builder.js';
import { registrationBuilder } from './registration/builder.js';
import { tabularPreprocessingBuilder } from './tabular-preprocessing/builder.js';
import { xgboostTrainingBuilder } from './xgboost-training/builder.js';

/** Every step type sagewire builds, in the order `sagewire steps` lists them. */
export const STEP_CATALOG: BuilderMap = {
  DataLoad: dataLoadBuilder,
  TabularPreprocessing: tabularPreprocessingBuilder,
  DummyTraining: dummyTrainingBuilder,
  XGBoostTraining: xgboostTrainingBuilder,
  PytorchTraining: pytorchTrainingBuilder,
  PytorchModel: pytorchModelBuilder,
  Package: packageBuilder,
  Payload: payloadBuilder,
  Registration: registrationBuilder,
};

/** The catalog's entries, in order. */
export function catalogEntries(catalog: BuilderMap = STEP_CATALOG): StepBuilder[] {
  return Object.values(catalog).filter((b): b is StepBuilder => b !== undefined) as StepBuilder[];
}

export function builderFor(stepType: StepType, catalog: BuilderMap = STEP_CATALOG): StepBuilder | undefined {
  return catalog[stepType] as StepBuilder | undefined;
}
