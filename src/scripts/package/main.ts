/**
 * Container entry of the packaging step (bundled to dist/scripts/package.mjs): reads its paths
 * from PACKAGE_CONTRACT (overridable with SAGEWIRE_PATHS or --<logical_name> <path>) and
 * writes `<packaged_model_output>/model.tar.gz`.
 */
import { PACKAGE_CONTRACT } from '../../steps/package/contract.js';
import { resolveContractPaths } from '../common/contract-paths.js';
import { runContainerScript } from '../common/run-script.js';
import { formatSummary } from '../common/summary.js';
import { packageModel } from './package-model.js';
import { archiveLimitsFromEnv, trustAppendIndexFromEnv } from '../common/archive-limits.js';

await runContainerScript('package', async ({ log, onProgress }) => {
  const { inputs, outputs } = resolveContractPaths(PACKAGE_CONTRACT, { argv: process.argv.slice(2) });
  const summary = await packageModel({
    model: inputs.model_input!,
    scripts: inputs.inference_scripts_input!,
    calibration: inputs.calibration_input,
    limits: archiveLimitsFromEnv(),
    trustIndex: trustAppendIndexFromEnv(),
    outDir: outputs.packaged_model_output!,
    onProgress,
    log,
  });
  return formatSummary(summary);
});
