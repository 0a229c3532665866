/** XGBoostTraining: the user's training script on the XGBoost framework image. */
import { defineStep } from '../kit/define-step.js';
import { configClassOnDemand } from '../kit/schema-on-demand.js';
import { trainingStep } from '../kit/training.js';
import { xgboostImageUri } from '../../images/image-uri.js';
import { XGBOOST_TRAINING_CONTRACT } from './contract.js';
import { XGBOOST_TRAINING_SPEC } from './spec.js';

export const xgboostTrainingStep = defineStep({
  stepType: 'XGBoostTraining',
  config: configClassOnDemand({ className: 'XGBoostTrainingConfig' }, async () => (await import('./config.js')).XGBoostTrainingConfig),
  spec: XGBOOST_TRAINING_SPEC,
  contract: XGBOOST_TRAINING_CONTRACT,
  description: 'Trains with your XGBoost script (source_dir) on the XGBoost framework image',
  build(ctx) {
    const c = ctx.config;
    const image = c.training_image_uri ?? xgboostImageUri({ region: c.aws_region, version: c.framework_version, field: `${ctx.stepName}.framework_version` });
    return trainingStep(ctx, XGBOOST_TRAINING_CONTRACT, image);
  },
});
