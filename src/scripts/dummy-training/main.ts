/**
 * Container entry of the dummy training step (bundled to dist/scripts/dummy-training.mjs):
 * reads its paths from DUMMY_TRAINING_CONTRACT (overridable with SAGEWIRE_PATHS or
 * --<logical_name> <path>) and writes `<model_output>/model.tar.gz`.
 */
import { existsSync } from 'node:fs';
import { DUMMY_TRAINING_CONTRACT } from '../../steps/dummy-training/contract.js';
import { resolveContractPaths } from '../common/contract-paths.js';
import { runContainerScript } from '../common/run-script.js';
import { formatSummary } from '../common/summary.js';
import { injectHyperparameters } from './inject-hyperparameters.js';
import { archiveLimitsFromEnv, trustAppendIndexFromEnv } from '../common/archive-limits.js';

await runContainerScript('dummy-training', async ({ log, onProgress }) => {
  const { inputs, outputs } = resolveContractPaths(DUMMY_TRAINING_CONTRACT, { argv: process.argv.slice(2) });
  const hyperparameters = inputs.hyperparameters_path!;
  // The compile step always writes this file; a run without it falls back to the archive's own.
  const supplied = existsSync(hyperparameters);
  if (!supplied) log(`no hyperparameters file at ${hyperparameters}`);
  const summary = await injectHyperparameters({
    model: inputs.pretrained_model_path!,
    hyperparameters: supplied ? hyperparameters : undefined,
    limits: archiveLimitsFromEnv(),
    trustIndex: trustAppendIndexFromEnv(),
    outDir: outputs.model_output!,
    onProgress,
    log,
  });
  return formatSummary(summary);
});
