/**
 * Container entry of the registration step (bundled to dist/scripts/register.mjs). Paths come
 * from REGISTRATION_CONTRACT (override with SAGEWIRE_PATHS or --<logical_name> <path>); env:
 * SAGEWIRE_REGISTRAR, SAGEWIRE_INVENTORY_TOKEN (or _TOKEN_SECRET, or SAGEWIRE_INVENTORY_AUTH=iam), SAGEWIRE_TEMP_PREFIX, MODS_WORKFLOW_EXECUTION_ID,
 * PERFORMANCE_METADATA_PATH, SAGEWIRE_REGISTRATION_TIMEOUT (seconds), the lineage variables of
 * lineage-from-env.ts (SAGEWIRE_PIPELINE_NAME, _PIPELINE_EXECUTION_ARN, _STEP_NAME), and the store's
 * (SAGEWIRE_LOCAL_STORE, or the AWS chain with AWS_ENDPOINT_URL).
 */
import { resolveContractPaths } from '../common/contract-paths.js';
import { runContainerScript } from '../common/run-script.js';
import { REGISTRATION_CONTRACT } from '../../steps/registration/contract.js';
import { storeFromEnv } from '../../store/index.js';
import { sagewireVersion } from '../common/sagewire-version.js';
import { lineageFromEnv } from './lineage-from-env.js';
import { readPerformanceMetadata } from './performance-metadata.js';
import { readRegistrationConfig } from './read-registration-config.js';
import { registerModel } from './register-model.js';
import { registrarFromEnv } from './select-registrar.js';
import { payloadFileIn, singleFileIn } from './single-file.js';
import { tempPrefixFor } from './temp-prefix.js';

await runContainerScript('register', async (io) => {
  const env = process.env;
  const paths = resolveContractPaths(REGISTRATION_CONTRACT, { argv: process.argv.slice(2) });
  const modelFile = singleFileIn(paths.inputs.packaged_model_input!, 'model input');
  const payloadFile = payloadFileIn(paths.inputs.payload_input!);
  const config = readRegistrationConfig(paths.inputs.registration_config!);
  const store = storeFromEnv(env);
  const timeoutSeconds = Number(env.SAGEWIRE_REGISTRATION_TIMEOUT ?? '') || 3600;
  const performanceMetadata = await readPerformanceMetadata(env, paths.inputs.performance_metadata!, store);
  const registrar = await registrarFromEnv(env, config.model_registration_region, store);
  const result = await registerModel({
    modelFile,
    ...(payloadFile ? { payloadFile } : {}),
    config,
    registrar,
    // the inventory takes the files over HTTP; only the SageMaker registry needs a temporary upload
    ...(registrar.uploadArtifact ? {} : { store, tempPrefix: tempPrefixFor(env, config, store) }),
    ...(env.MODS_WORKFLOW_EXECUTION_ID ? { workflowExecutionId: env.MODS_WORKFLOW_EXECUTION_ID } : {}),
    ...(performanceMetadata ? { performanceMetadata } : {}),
    lineage: lineageFromEnv(env, sagewireVersion(), io.log),
    timeout: timeoutSeconds * 1000,
    log: io.log,
  });
  return result.lines.join('\n');
});
