import { defineContract } from '../../spec/contract.js';
import { trainingContract } from '../kit/training-contract.js';

/** PyTorch training: the user's script from `source_dir` on the PyTorch training image. */
export const PYTORCH_TRAINING_CONTRACT = defineContract(trainingContract('PyTorch', { 'pytorch': '>=1.12' }));
