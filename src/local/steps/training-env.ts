/**
 * What a SageMaker framework container gives a training script, for one local host `algo-1`
 * (the sagemaker-training-toolkit's contract, see docs/local.md): the SM_* variables,
 * resourceconfig.json and inputdataconfig.json, and the script's arguments.
 */
import { availableParallelism } from 'node:os';
import { ML_ROOT } from '../sandbox.js';
import type { Json } from '../definition.js';
import { stringify } from '../expressions.js';

export const LOCAL_HOST = 'algo-1';

/** SDK hyperparameters are JSON-encoded strings (`"\"train.py\""`); plain strings pass through. */
export function unquote(v: Json | undefined): string {
  const s = stringify(v ?? '');
  if (s.startsWith('"') && s.endsWith('"')) {
    try {
      return String(JSON.parse(s));
    } catch {
      return s;
    }
  }
  return s;
}


export interface TrainingEnvironment {
  env: Record<string, string>;
  userArgs: string[];
  resourceConfig: { current_host: string; hosts: string[]; network_interface_name: string };
  inputDataConfig: Record<string, { TrainingInputMode: string; S3DistributionType: string; RecordWrapperType: string }>;
}

/** A hyperparameter value as the toolkit hands it over: JSON-decoded when it is JSON, else the text. */
function decoded(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function trainingEnvironment(o: { hyper: Record<string, string>; channels: string[]; jobName: string; moduleDir: string; program: string }): TrainingEnvironment {
  const user = Object.entries(o.hyper).filter(([k]) => !k.startsWith('sagemaker_'));
  const userArgs = user.flatMap(([k, v]) => [`--${k}`, unquote(v)]);
  const hps = Object.fromEntries(user.map(([k, v]) => [k, decoded(v)]));
  const resourceConfig = { current_host: LOCAL_HOST, hosts: [LOCAL_HOST], network_interface_name: 'eth0' };
  const inputDataConfig = Object.fromEntries(
    o.channels.map((c) => [c, { TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' }]),
  );
  const channelDirs = Object.fromEntries(o.channels.map((c) => [c, `${ML_ROOT}/input/data/${c}`]));
  const cpus = availableParallelism();
  const trainingEnv = {
    channel_input_dirs: channelDirs,
    current_host: LOCAL_HOST,
    hosts: [LOCAL_HOST],
    hyperparameters: hps,
    input_config_dir: `${ML_ROOT}/input/config`,
    input_data_config: inputDataConfig,
    input_dir: `${ML_ROOT}/input`,
    job_name: o.jobName,
    log_level: 20,
    model_dir: `${ML_ROOT}/model`,
    module_dir: o.moduleDir,
    module_name: o.program.replace(/\.[^.]+$/, ''),
    network_interface_name: 'eth0',
    num_cpus: cpus,
    num_gpus: 0,
    output_data_dir: `${ML_ROOT}/output/data`,
    output_dir: `${ML_ROOT}/output`,
    resource_config: resourceConfig,
    user_entry_point: o.program,
  };
  const env: Record<string, string> = {
    TRAINING_JOB_NAME: o.jobName,
    SM_MODEL_DIR: `${ML_ROOT}/model`,
    SM_OUTPUT_DIR: `${ML_ROOT}/output`,
    SM_OUTPUT_DATA_DIR: `${ML_ROOT}/output/data`,
    SM_INPUT_DIR: `${ML_ROOT}/input`,
    SM_INPUT_CONFIG_DIR: `${ML_ROOT}/input/config`,
    SM_CHANNELS: JSON.stringify(o.channels),
    SM_HPS: JSON.stringify(hps),
    SM_HOSTS: JSON.stringify([LOCAL_HOST]),
    SM_CURRENT_HOST: LOCAL_HOST,
    SM_NUM_CPUS: String(cpus),
    SM_NUM_GPUS: '0',
    SM_LOG_LEVEL: '20',
    SM_NETWORK_INTERFACE_NAME: 'eth0',
    SM_USER_ARGS: JSON.stringify(userArgs),
    SM_RESOURCE_CONFIG: JSON.stringify(resourceConfig),
    SM_INPUT_DATA_CONFIG: JSON.stringify(inputDataConfig),
    SM_TRAINING_ENV: JSON.stringify(trainingEnv),
    SM_MODULE_DIR: o.moduleDir,
    SM_USER_ENTRY_POINT: o.program,
    ...Object.fromEntries(o.channels.map((c) => [`SM_CHANNEL_${c.toUpperCase()}`, `${ML_ROOT}/input/data/${c}`])),
    ...Object.fromEntries(user.map(([k]) => [`SM_HP_${k.toUpperCase()}`, unquote(o.hyper[k]!)])),
  };
  return { env, userArgs, resourceConfig, inputDataConfig };
}
