/**
 * DummyTraining (seed 004): a source step. The pretrained model comes from the config's
 * `pretrained_model_path` (s3:// as is, a local file uploaded like code); hyperparameters.json
 * is written from the config's `hyperparameters` and staged as the second input.
 */
import { dirname } from 'node:path';
import { defineStep } from '../kit/define-step.js';
import { configClassOnDemand } from '../kit/schema-on-demand.js';
import { contractOutputs, processingStep } from '../kit/processing.js';
import { nodeScriptCode, scriptInputs } from '../kit/node-script.js';
import { DUMMY_TRAINING_CONTRACT } from './contract.js';
import { DUMMY_TRAINING_SPEC } from './spec.js';

const C = DUMMY_TRAINING_CONTRACT;

export const dummyTrainingStep = defineStep({
  stepType: 'DummyTraining',
  config: configClassOnDemand({ className: 'DummyTrainingConfig' }, async () => (await import('./config.js')).DummyTrainingConfig),
  spec: DUMMY_TRAINING_SPEC,
  contract: C,
  description: 'Injects the config hyperparameters into a pretrained model.tar.gz (a source step)',
  writesOwnArchive: true,
  build(ctx) {
    const c = ctx.config;
    const modelUri = c.pretrained_model_path.startsWith('s3://')
      ? c.pretrained_model_path
      : ctx.assets.addFile(c.pretrained_model_path, `${ctx.stepName}.pretrained_model_path`, 'model.tar.gz');
    const hyperparameters = ctx.assets.addText('hyperparameters.json', `${JSON.stringify(c.hyperparameters, null, 2)}\n`);
    const code = nodeScriptCode(ctx, C, 'dummy-training');
    const step = processingStep(ctx, {
      entrypoint: code.entrypoint,
      runsNode: code.runsNode,
      inputs: [
        { inputName: 'pretrained_model_path', source: modelUri, destination: dirname(C.inputs.pretrained_model_path) },
        { inputName: 'hyperparameters_path', source: hyperparameters, destination: dirname(C.inputs.hyperparameters_path) },
        ...scriptInputs(code),
      ],
      outputs: contractOutputs(ctx, C),
    });
    return { step };
  },
});
