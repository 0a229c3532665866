/**
 * Runs a definition file the way `sagewire run` does: its asset manifest (`p.assets.json`
 * beside `p.json`) is put into the store first, so code bundles are at the keys the
 * definition names; an embedded inventory is started when asked and closed afterwards.
 */
import { basename, join, resolve } from 'node:path';
import { manifestPathFor, readManifest } from '../assets/index.js';
import { uploadAssets } from '../store/upload-assets.js';
import { LocalRunError } from '../errors.js';
import { startInventoryServer } from '../registry/index.js';
import { openStore, type ObjectStore } from '../store/index.js';
import { loadDefinition, type StepDef } from './definition.js';
import { inventoryModelPackageRegistrar } from './model-package-registrar.js';
import { registrationsOf, type RunRegistration } from './registrations.js';
import { planRun } from './plan.js';
import { runsRegistrationScript } from './sandbox.js';
import { newExecutionId, runPipeline, type LocalRunOptions } from './runner.js';
import type { RunSummary } from './run-types.js';

export interface RunFileOptions extends Omit<LocalRunOptions, 'registrar' | 'inventoryUrl' | 'store'> {
  /** Folder store root (default `<stateDir>/store`); ignored when `store` or `s3Endpoint` is given. */
  storeDir?: string;
  store?: ObjectStore;
  /** An S3 API endpoint to use as the store (credentials from the AWS chain). */
  s3Endpoint?: string;
  /** An inventory URL, or `embedded` to start one under `<stateDir>/inventory` for this run. */
  inventory?: string | 'embedded';
  inventoryToken?: string;
}

export interface RunFileResult extends RunSummary {
  /** Assets put into the store before the run. */
  assets: { uploaded: number; skipped: number };
  inventoryUrl?: string;
  /** The models the run registered, with what the inventory says of them. */
  registrations: RunRegistration[];
}

export async function runPipelineFile(path: string, opts: RunFileOptions = {}): Promise<RunFileResult> {
  const def = await loadDefinition(path);
  const plan = planRun(def); // refuse what cannot run before touching the store
  if (!opts.inventory) {
    const needs = plan.steps.filter((s) => needsInventory(s.def)).map((s) => s.name);
    if (needs.length) {
      throw new LocalRunError(
        `step ${needs.join(', ')} registers a model: run with --embedded-inventory (an inventory for this run) or --inventory <url>; nothing was run`,
      );
    }
  }
  const stateDir = resolve(opts.stateDir ?? '.sagewire');
  const store =
    opts.store ??
    (opts.s3Endpoint
      ? openStore({ endpoint: opts.s3Endpoint, ...(process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {}) })
      : openStore({ root: resolve(opts.storeDir ?? join(stateDir, 'store')) }));
  const manifest = await readManifest(manifestPathFor(path));
  if (!manifest) {
    opts.log?.(
      `no asset manifest ${manifestPathFor(path)}: the code and config files the definition reads are not put into the store, so a step may find no object at its s3:// code input (compile with --out <file> to write the manifest beside the definition)`,
    );
  }
  const assets = manifest ? await uploadAssets(manifest, store, opts.log ? { log: opts.log } : {}) : { uploaded: [], skipped: [] };
  const pipelineName = opts.pipelineName ?? manifest?.pipelineName ?? basename(path).replace(/\.json$/i, '');

  const inventory =
    opts.inventory === 'embedded'
      ? await startInventoryServer({ dataDir: join(stateDir, 'inventory'), sourceStore: store })
      : undefined;
  const inventoryUrl = inventory?.url ?? opts.inventory;
  const executionId = opts.executionId;
  try {
    const registrationEnv: Record<string, string> = { ...(opts.registrationEnv ?? {}) };
    if (opts.s3Endpoint) {
      registrationEnv.AWS_ENDPOINT_URL = opts.s3Endpoint;
      for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION']) {
        if (process.env[k]) registrationEnv[k] = process.env[k]!;
      }
    }
    if (opts.inventoryToken) registrationEnv.SAGEWIRE_INVENTORY_TOKEN = opts.inventoryToken;
    const id = executionId ?? newExecutionId();
    const summary = await runPipeline(def, {
      ...opts,
      pipelineName,
      stateDir,
      store,
      registrationEnv,
      executionId: id,
      ...(inventoryUrl ? { inventoryUrl, registrar: inventoryModelPackageRegistrar(inventoryUrl, id, opts.inventoryToken) } : {}),
    });
    return {
      ...summary,
      registrations: inventoryUrl ? await registrationsOf(summary, inventoryUrl, opts.inventoryToken) : [],
      assets: { uploaded: assets.uploaded.length, skipped: assets.skipped.length },
      ...(inventoryUrl ? { inventoryUrl } : {}),
    };
  } finally {
    await inventory?.close();
  }
}

/** A registration script step (sagewire's register bundle) or a RegisterModel step. */
function needsInventory(def: StepDef): boolean {
  if (def.Type === 'RegisterModel') return true;
  const app = def.Arguments?.AppSpecification as { ContainerEntrypoint?: unknown[] } | undefined;
  const entry = (app?.ContainerEntrypoint ?? []).filter((x): x is string => typeof x === 'string');
  const env = (def.Arguments?.Environment ?? {}) as Record<string, unknown>;
  return def.Type === 'Processing' && runsRegistrationScript(entry) && !('SAGEWIRE_REGISTRAR' in env);
}
