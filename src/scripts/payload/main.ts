/**
 * Container entry of the payload step (bundled to dist/scripts/payload.mjs): reads its paths
 * from PAYLOAD_CONTRACT (overridable with SAGEWIRE_PATHS or --<logical_name> <path>) and writes
 * `<payload_sample>/payload.tar.gz`.
 */
import { existsSync } from 'node:fs';
import { PAYLOAD_CONTRACT } from '../../steps/payload/contract.js';
import { resolveContractPaths } from '../common/contract-paths.js';
import { runContainerScript } from '../common/run-script.js';
import { formatSummary } from '../common/summary.js';
import { generatePayloads } from './generate-payloads.js';
import { readPayloadConfig } from './payload-config.js';
import { archiveLimitsFromEnv, trustAppendIndexFromEnv } from '../common/archive-limits.js';

await runContainerScript('payload', async ({ log }) => {
  const { inputs, outputs } = resolveContractPaths(PAYLOAD_CONTRACT, { argv: process.argv.slice(2) });
  const configPath = inputs.payload_config!;
  let config;
  if (existsSync(configPath)) {
    const parsed = await readPayloadConfig(configPath);
    if (parsed.unknownKeys.length > 0) log(`ignoring unknown key(s) in ${configPath}: ${parsed.unknownKeys.join(', ')}`);
    config = parsed.config;
  } else {
    log(`no payload config at ${configPath}; using the defaults and the model's hyperparameters.json`);
  }
  const summary = await generatePayloads({
    model: inputs.model_input,
    config,
    configSource: configPath,
    limits: archiveLimitsFromEnv(),
    trustIndex: trustAppendIndexFromEnv(),
    outDir: outputs.payload_sample!,
    log,
  });
  return formatSummary(summary);
});
