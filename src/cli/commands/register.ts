/** `sagewire register`: the registration script's flow from a laptop. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ScriptError, UsageError } from '../../errors.js';
import { InventoryRegistrar } from '../../registry/registrars/inventory-registrar.js';
import type { ModelRegistrar } from '../../registry/registrars/model-registrar.js';
import { SageMakerRegistrar } from '../../registry/registrars/sagemaker-registrar.js';
import { sagewireVersion } from '../../scripts/common/sagewire-version.js';
import { lineageFromEnv } from '../../scripts/register/lineage-from-env.js';
import { registerModel } from '../../scripts/register/register-model.js';
import { awsRegionOf } from '../../scripts/register/select-registrar.js';
import { tempPrefixFor } from '../../scripts/register/temp-prefix.js';
import { storeFromEnv, type ObjectStore } from '../../store/index.js';
import type { CommandContext, CommandResult } from '../context.js';
import { registrationFieldsFrom } from './register-config.js';

interface RegisterOptions {
  model: string;
  payload?: string;
  config: string;
  step?: string;
  inventory?: string;
  sagemakerRegistry?: boolean;
  token?: string;
  iam?: boolean;
  stsEndpoint?: string;
  region?: string;
  endpointUrl?: string;
  timeout?: string;
  tag?: string[];
  card?: string;
}

/** `--tag key=value` (repeatable) as a map; a pair without `=` is a usage error. */
function tagsOf(pairs: string[] = []): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--tag "${pair}": expected <key>=<value>`);
    tags[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return tags;
}

function chooseRegistrar(opts: RegisterOptions, region: string, store: ObjectStore): ModelRegistrar {
  if (Boolean(opts.inventory) === Boolean(opts.sagemakerRegistry)) {
    throw new UsageError('give exactly one of --inventory <url> or --sagemaker-registry');
  }
  if (opts.inventory) {
    if (opts.iam) return new InventoryRegistrar(opts.inventory, { kind: 'iam', ...(opts.stsEndpoint ? { stsEndpoint: opts.stsEndpoint } : {}) });
    return new InventoryRegistrar(opts.inventory, opts.token ?? process.env.SAGEWIRE_INVENTORY_TOKEN);
  }
  const endpoint = opts.endpointUrl ?? process.env.AWS_ENDPOINT_URL;
  return new SageMakerRegistrar({ region: opts.region ?? awsRegionOf(region), store, ...(endpoint ? { endpoint } : {}) });
}

export async function run(raw: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const opts = raw as unknown as RegisterOptions;
  const timeoutSeconds = Number(opts.timeout ?? 600);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout: expected seconds > 0, got ${opts.timeout}`);
  const modelFile = resolve(ctx.cwd, opts.model);
  if (!existsSync(modelFile)) throw new ScriptError(`--model: ${modelFile} does not exist`);
  const payloadFile = opts.payload ? resolve(ctx.cwd, opts.payload) : undefined;
  if (payloadFile && !existsSync(payloadFile)) throw new ScriptError(`--payload: ${payloadFile} does not exist`);
  const tags = tagsOf(opts.tag);
  const cardFile = opts.card ? resolve(ctx.cwd, opts.card) : undefined;
  if (cardFile && !existsSync(cardFile)) throw new ScriptError(`--card: ${cardFile} does not exist`);
  const modelCard = cardFile ? readFileSync(cardFile, 'utf8') : undefined;
  const config = registrationFieldsFrom(resolve(ctx.cwd, opts.config), opts.step);
  const store = storeFromEnv(process.env);
  const registrar = chooseRegistrar(opts, config.model_registration_region, store);
  const result = await registerModel({
    modelFile,
    ...(payloadFile ? { payloadFile } : {}),
    config,
    registrar,
    // the inventory takes the files over HTTP: a URL and a token are all a laptop needs
    ...(registrar.uploadArtifact ? {} : { store, tempPrefix: tempPrefixFor(process.env, config, store) }),
    ...(process.env.MODS_WORKFLOW_EXECUTION_ID ? { workflowExecutionId: process.env.MODS_WORKFLOW_EXECUTION_ID } : {}),
    lineage: lineageFromEnv(process.env, sagewireVersion(), ctx.log),
    tags,
    ...(modelCard !== undefined ? { modelCard } : {}),
    timeout: timeoutSeconds * 1000,
    log: ctx.log,
  });
  return {
    data: {
      status: result.status,
      executionArn: result.executionArn,
      modelId: result.modelId,
      modelVersion: result.modelVersion ?? null,
      temporaryObjectsDeleted: result.temporaryObjects,
    },
    text: result.lines.join('\n'),
  };
}
