/**
 * A new Processing step type is its definition plus one catalog line: nothing else in the
 * project learns its name. A fixture step type defined here is read from a config file,
 * compiled into the four-step flow and listed by `sagewire steps`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogRows } from '../cli/commands/steps.js';
import { compile } from '../compile/compile.js';
import { processingShape } from '../config/processing-config.js';
import { PipelineDAG } from '../dag/pipeline-dag.js';
import { validateAgainstSchemas } from '../dsl/__fixtures__/schemas.js';
import { ConfigError } from '../errors.js';
import { defineContract } from '../spec/contract.js';
import { defineSpec } from '../spec/specification.js';
import { FOUR_STEP_DIR } from './__fixtures__/context.js';
import { STEP_CATALOG } from './catalog.js';
import { parseConfigDocument } from './config-file.js';
import { defineStep } from './kit/define-step.js';
import { contractOutputs, processingStep } from './kit/processing.js';

const SCORE_CONTRACT = defineContract({
  entryPoint: 'score.py',
  inputs: { model_input: '/opt/ml/processing/input/model' },
  outputs: { scores: '/opt/ml/processing/output/scores' },
  requiredEnv: [],
  optionalEnv: { THRESHOLD: '0.5' },
  frameworkRequirements: {},
  description: 'Scores a packaged model',
});

const batchScoreStep = defineStep({
  stepType: 'BatchScore',
  config: { className: 'BatchScoreConfig', schema: z.strictObject({ ...processingShape, score_threshold: z.number().default(0.5) }) },
  spec: defineSpec({
    stepType: 'BatchScore',
    sagemakerStepType: 'Processing',
    nodeType: 'internal',
    dependencies: [
      {
        logicalName: 'model_input',
        dependencyType: 'model_artifacts',
        required: true,
        compatibleSources: ['Package'],
        semanticKeywords: ['model', 'packaged'],
        dataType: 'S3Uri',
        description: 'The packaged model',
      },
    ],
    outputs: [
      {
        logicalName: 'scores',
        outputType: 'processing_output',
        propertyPath: "properties.ProcessingOutputConfig.Outputs['scores'].S3Output.S3Uri",
        dataType: 'S3Uri',
        aliases: [],
        description: 'Scores',
      },
    ],
  }),
  contract: SCORE_CONTRACT,
  description: 'Scores the packaged model (a fixture step type)',
  build(ctx) {
    const step = processingStep(ctx, {
      entrypoint: ['python3', '/opt/ml/processing/input/code/score.py'],
      inputs: [{ inputName: 'model_input', source: ctx.inputs.model_input!, destination: SCORE_CONTRACT.inputs.model_input }],
      outputs: contractOutputs(ctx, SCORE_CONTRACT),
      environment: { THRESHOLD: String(ctx.config.score_threshold) },
    });
    return { step };
  },
});

const STEPS = [...STEP_CATALOG, batchScoreStep];

/** The four-step config document plus a BatchScore entry (relative paths resolve against the example). */
function configDocWithBatchScore(): unknown {
  const doc = JSON.parse(readFileSync(join(FOUR_STEP_DIR, 'config.json'), 'utf8')) as {
    configuration: { specific: Record<string, unknown> };
    metadata: { config_types: Record<string, string> };
  };
  doc.configuration.specific.BatchScore = { score_threshold: 0.8 };
  doc.metadata.config_types.BatchScore = 'BatchScoreConfig';
  return doc;
}

function dagWithBatchScore(): PipelineDAG {
  const dag = PipelineDAG.fromJSON(JSON.parse(readFileSync(join(FOUR_STEP_DIR, 'dag.json'), 'utf8')));
  dag.addNode('BatchScore');
  dag.addEdge('Package', 'BatchScore');
  return dag;
}

describe('a step type added in a test, and in the catalog list only', () => {
  it('is read from a config file, compiled and wired into the four-step flow', () => {
    const configs = parseConfigDocument(configDocWithBatchScore(), FOUR_STEP_DIR, { steps: STEPS }).configs;
    expect(configs.BatchScore).toMatchObject({ className: 'BatchScoreConfig', stepType: 'BatchScore', config: { score_threshold: 0.8 } });
    const result = compile({ dag: dagWithBatchScore(), configs, steps: STEPS });
    expect(validateAgainstSchemas(result.definition)).toEqual({ sdk: [], official: [] });
    expect(result.resolution.decisions.filter((d) => d.consumer === 'BatchScore').map((d) => `${d.input} <- ${d.producer}.${d.output}`)).toEqual([
      'model_input <- Package.packaged_model_output',
    ]);
    const steps = result.definition.Steps as Array<{ Name: string; Type: string; Arguments: { Environment: Record<string, unknown> } }>;
    const score = steps.find((s) => s.Name === 'BatchScore')!;
    expect(score.Type).toBe('Processing');
    expect(score.Arguments.Environment).toEqual({ THRESHOLD: '0.8' });
  });

  it('is unknown to the catalog alone: its config class is named as unknown', () => {
    let error: unknown;
    try {
      parseConfigDocument(configDocWithBatchScore(), FOUR_STEP_DIR);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { path: 'metadata.config_types.BatchScore', message: expect.stringMatching(/^unknown config class, got "BatchScoreConfig"/) as string },
    ]);
  });

  it('is listed by `sagewire steps` with its inputs and outputs', () => {
    const row = catalogRows(STEPS).find((r) => r.stepType === 'BatchScore');
    expect(row).toMatchObject({
      sagemakerStepType: 'Processing',
      description: 'Scores the packaged model (a fixture step type)',
      inputs: [{ name: 'model_input', required: true, compatibleSources: ['Package'] }],
      outputs: [{ name: 'scores' }],
    });
    expect(catalogRows().map((r) => r.stepType)).not.toContain('BatchScore');
  });
});
