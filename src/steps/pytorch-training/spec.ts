import { trainingSpec } from '../kit/training-contract.js';

/** PytorchTraining: data from preprocessing, model.tar.gz out. */
export const PYTORCH_TRAINING_SPEC = trainingSpec('PytorchTraining');
