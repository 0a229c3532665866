/**
 * DataLoad: stages the config's `data_source_uris` (one input each, under
 * /opt/ml/processing/input/data/<n>) and copies them to the output with the image's shell,
 * or runs the user's Python script when `processing_entry_point` and a source folder are set.
 */
import { join } from 'node:path';
import { defineStep } from '../kit/define-step.js';
import { configClassOnDemand } from '../kit/schema-on-demand.js';
import { contractOutputs, processingStep } from '../kit/processing.js';
import type { ProcessingInputProps } from '../../dsl/steps/processing-step.js';
import type { Value } from '../../dsl/expressions.js';
import { PROCESSING_CODE_DIR } from '../../spec/contract.js';
import { DATA_LOAD_CONTRACT } from './contract.js';
import { DATA_LOAD_SPEC } from './spec.js';

const C = DATA_LOAD_CONTRACT;

export const dataLoadStep = defineStep({
  stepType: 'DataLoad',
  config: configClassOnDemand({ className: 'DataLoadConfig' }, async () => (await import('./config.js')).DataLoadConfig),
  spec: DATA_LOAD_SPEC,
  contract: C,
  description: 'Loads data from S3 URIs into the pipeline (a source step)',
  build(ctx) {
    const c = ctx.config;
    const many = c.data_source_uris.length > 1;
    const inputs: ProcessingInputProps[] = c.data_source_uris.map((uri, i) => ({
      inputName: many ? `data_source_${i + 1}` : 'data_source',
      source: uri,
      destination: many ? `${C.inputs.data_source}/${i + 1}` : C.inputs.data_source,
    }));
    const dir = c.processing_source_dir ?? c.source_dir;
    let entrypoint: Value[];
    if (c.processing_entry_point && dir && !dir.startsWith('s3://')) {
      const uri = ctx.assets.addFile(join(dir, c.processing_entry_point), `${ctx.stepName}.processing_entry_point`);
      inputs.push({ inputName: 'code', source: uri, destination: PROCESSING_CODE_DIR });
      entrypoint = ['python3', `${PROCESSING_CODE_DIR}/${c.processing_entry_point.split('/').pop()}`];
    } else {
      const out = C.outputs.data_output;
      entrypoint = ['/bin/sh', '-c', `mkdir -p ${out} && cp -R ${C.inputs.data_source}/. ${out}/`];
    }
    const step = processingStep(ctx, {
      entrypoint,
      inputs,
      outputs: contractOutputs(ctx, C),
      environment: { JOB_TYPE: c.job_type, OUTPUT_FORMAT: c.output_format },
    });
    return { step };
  },
});
