/** PytorchTraining: the user's training script on the PyTorch training image. */
import { defineStep } from '../kit/define-step.js';
import { configClassOnDemand } from '../kit/schema-on-demand.js';
import { trainingStep } from '../kit/training.js';
import { pytorchImageUri } from '../../images/image-uri.js';
import { PYTORCH_TRAINING_CONTRACT } from './contract.js';
import { PYTORCH_TRAINING_SPEC } from './spec.js';

export const pytorchTrainingStep = defineStep({
  stepType: 'PytorchTraining',
  config: configClassOnDemand({ className: 'PytorchTrainingConfig', cursusName: 'PyTorchTrainingConfig' }, async () => (await import('./config.js')).PytorchTrainingConfig),
  spec: PYTORCH_TRAINING_SPEC,
  contract: PYTORCH_TRAINING_CONTRACT,
  description: 'Trains with your PyTorch script (source_dir) on the PyTorch training image',
  build(ctx) {
    const c = ctx.config;
    const image =
      c.training_image_uri ??
      pytorchImageUri('training', {
        region: c.aws_region,
        version: c.framework_version,
        pyVersion: c.py_version,
        instanceType: c.training_instance_type,
        field: `${ctx.stepName}.framework_version`,
      });
    return trainingStep(ctx, PYTORCH_TRAINING_CONTRACT, image);
  },
});
