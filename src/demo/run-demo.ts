/**
 * `sagewire demo`: builds a sample model and inference script in a working folder, compiles
 * the four-step flow with sagewire's compiler, runs it locally with an embedded inventory and
 * reports the registered model, the packaged model and the report page. Writes only under
 * its working folder and the `.sagewire` state folder; a second run reuses every step.
 */
import { join, resolve } from 'node:path';
import { manifestPathFor, writeManifest } from '../assets/index.js';
import { compile } from '../compile/index.js';
import { InventoryClient, startInventoryServer } from '../registry/index.js';
import { graphFromSummary, renderHtml } from '../report/index.js';
import { FolderStore, joinS3Uri } from '../store/index.js';
import type { JsonObject } from '../local/definition.js';
import { runPipelineFile, type RunFileResult } from '../local/run-file.js';
import type { StepEvent } from '../local/run-types.js';
import type { SandboxMode } from '../local/sandbox.js';
import { writeDemoSources, writeIfChanged } from './demo-files.js';
import { ensureSampleModel } from './sample-model.js';

export interface DemoOptions {
  /** Working folder (default `<cwd>/.sagewire/demo`). */
  dir: string;
  /** State folder: store, runs, cache, inventory (default `<cwd>/.sagewire`). */
  stateDir: string;
  /** Bytes of sample weights (default 1 MiB). */
  size?: number;
  parallel?: number;
  sandbox?: SandboxMode;
  /** Honour the steps' CacheConfig (default true). */
  cache?: boolean;
  onEvent?: (e: StepEvent) => void;
  log?: (line: string) => void;
}

export interface DemoResult {
  workDir: string;
  pipeline: string;
  report: string;
  summary: RunFileResult;
  /** From the Registration step's result lines. */
  modelId?: string;
  executionArn?: string;
  /** What the inventory says of that registration (REGISTERED, FAILED, ...). */
  registrationStatus?: string;
  modelVersion?: number;
  packagedModelUri?: string;
  /** The packaged model as a file in the local store. */
  packagedModelPath?: string;
}

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const workDir = resolve(opts.dir);
  const stateDir = resolve(opts.stateDir);
  const log = opts.log ?? (() => {});
  const model = await ensureSampleModel(workDir, opts.size ?? 1 << 20);
  log(`sample model: ${model}`);
  const sources = await writeDemoSources(workDir);
  const compiled = compile({ dag: sources.dag, configFile: sources.config });
  const pipeline = join(workDir, 'pipeline.json');
  await writeIfChanged(pipeline, compiled.definitionJson);
  await writeManifest(manifestPathFor(pipeline), compiled.manifest);
  log(`compiled ${compiled.manifest.pipelineName}: ${pipeline}`);

  const store = new FolderStore(join(stateDir, 'store'));
  const inventory = await startInventoryServer({ dataDir: join(stateDir, 'inventory'), sourceStore: store });
  try {
    const summary = await runPipelineFile(pipeline, {
      stateDir,
      store,
      inventory: inventory.url,
      ...(opts.parallel ? { parallel: opts.parallel } : {}),
      ...(opts.sandbox ? { sandbox: opts.sandbox } : {}),
      ...(opts.cache === false ? { cache: false } : {}),
      ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
      log,
    });
    const report = join(workDir, 'report.html');
    await writeIfChanged(report, renderHtml(graphFromSummary(summary)));
    const result: DemoResult = { workDir, pipeline, report, summary };

    const registration = summary.steps.find((s) => s.name === 'Registration');
    const modelId = /Model id for model being registered: (\S+)/.exec(registration?.result ?? '')?.[1];
    const executionArn = /registration process: (\S+)/.exec(registration?.result ?? '')?.[1];
    if (modelId) result.modelId = modelId;
    if (executionArn) {
      result.executionArn = executionArn;
      const client = new InventoryClient(inventory.url);
      const found = (await client.listRegistrations({ limit: 1000 })).find((r) => r.executionArn === executionArn);
      if (found) {
        result.registrationStatus = found.status;
        if (found.modelVersion !== null) result.modelVersion = found.modelVersion;
      }
    }
    const pkg = summary.steps.find((s) => s.name === 'Package')?.record as JsonObject | undefined;
    const out = (pkg?.ProcessingOutputConfig as { Outputs?: { S3Output: { S3Uri: string } }[] } | undefined)?.Outputs?.[0];
    if (out) {
      result.packagedModelUri = joinS3Uri(out.S3Output.S3Uri, 'model.tar.gz');
      result.packagedModelPath = store.pathOf(result.packagedModelUri);
    }
    return result;
  } finally {
    await inventory.close();
  }
}
