import { trainingSpec } from '../kit/training-contract.js';

/** XGBoostTraining: data from preprocessing, model.tar.gz out. */
export const XGBOOST_TRAINING_SPEC = trainingSpec('XGBoostTraining');
