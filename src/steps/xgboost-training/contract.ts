import { defineContract } from '../../spec/contract.js';
import { trainingContract } from '../kit/training-contract.js';

/** XGBoost training: the user's script from `source_dir` on the XGBoost framework image. */
export const XGBOOST_TRAINING_CONTRACT = defineContract(trainingContract('XGBoost', { xgboost: '>=1.5' }));
