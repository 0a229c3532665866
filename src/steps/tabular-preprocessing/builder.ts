/** TabularPreprocessing: the user's Python script (`processing_source_dir`) on the SKLearn image. */
import { join } from 'node:path';
import { defineStep } from '../kit/define-step.js';
import { configClassOnDemand } from '../kit/schema-on-demand.js';
import { contractOutputs, processingStep } from '../kit/processing.js';
import type { Value } from '../../dsl/expressions.js';
import { ConfigError, InternalError } from '../../errors.js';
import { PROCESSING_CODE_DIR } from '../../spec/contract.js';
import { TABULAR_PREPROCESSING_CONTRACT } from './contract.js';
import { TABULAR_PREPROCESSING_SPEC } from './spec.js';

const C = TABULAR_PREPROCESSING_CONTRACT;

export const tabularPreprocessingStep = defineStep({
  stepType: 'TabularPreprocessing',
  config: configClassOnDemand({ className: 'TabularPreprocessingConfig' }, async () => (await import('./config.js')).TabularPreprocessingConfig),
  spec: TABULAR_PREPROCESSING_SPEC,
  contract: C,
  description: 'Splits and formats tabular data with your Python script (--job_type)',
  build(ctx) {
    const c = ctx.config;
    const data = ctx.inputs.input_data;
    if (data === undefined) throw new InternalError(`${ctx.stepName}: input_data was not wired by the resolver`);
    const dir = c.processing_source_dir ?? c.source_dir;
    if (!dir || dir.startsWith('s3://')) throw new ConfigError(`${ctx.stepName}.processing_source_dir: expected a local folder holding ${c.processing_entry_point}, got ${JSON.stringify(dir)}`);
    const script = ctx.assets.addFile(join(dir, c.processing_entry_point), `${ctx.stepName}.processing_entry_point`);
    const entry = c.processing_entry_point.split('/').pop()!;
    const environment: Record<string, Value> = {
      TRAIN_RATIO: String(c.train_ratio),
      TEST_VAL_RATIO: String(c.test_val_ratio),
      OUTPUT_FORMAT: c.output_format,
      ...(c.label_name ? { LABEL_FIELD: c.label_name } : {}),
    };
    const step = processingStep(ctx, {
      entrypoint: ['python3', `${PROCESSING_CODE_DIR}/${entry}`],
      containerArguments: ['--job_type', c.job_type],
      inputs: [
        { inputName: 'input_data', source: data, destination: C.inputs.input_data },
        { inputName: 'code', source: script, destination: PROCESSING_CODE_DIR },
      ],
      outputs: contractOutputs(ctx, C),
      environment,
    });
    return { step };
  },
});
