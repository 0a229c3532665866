/**
 * The local runner: executes a pipeline definition on this machine. Steps run in dependency
 * order, independent ones in parallel; each step's references are evaluated from the records
 * of the steps before it; a failed step stops its dependents while independent ones finish.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { lchown, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { LocalRunError, SagewireError } from '../errors.js';
import { FolderStore, joinS3Uri, openStore, type ObjectStore } from '../store/index.js';
import { StepCache, cacheKey } from './cache.js';
import { imageRootFor, type ImageRootRule } from './image-roots.js';
import type { Json, JsonObject, PipelineDefinition } from './definition.js';
import { evaluate, type EvalScope } from './expressions.js';
import { InputDigests } from './input-digest.js';
import { resolveParameters } from './parameters.js';
import { planRun, type PlannedStep } from './plan.js';
import type { RunSummary, StepEvent, StepReport } from './run-types.js';
import { checkOwnScript } from './own-scripts.js';
import {
  bwrapAvailable,
  DEFAULT_LIMITS,
  callerIsRoot,
  prepareInvocation,
  runsRegistrationScript,
  sandboxIds,
  type Bind,
  type SandboxLimits,
  type SandboxMode,
  type SandboxSettings,
} from './sandbox.js';
import { removeStaleTemps } from './stale-temps.js';
import { handOver, hostPathOf, stageInput } from './staging.js';
import { spawnToLog } from './spawn-step.js';
import type { ExecutionInfo, ModelPackageRegistrar, StepContext, StepOutcome } from './step-context.js';
import { localStepKind } from './step-kinds.js';

export interface LocalRunOptions {
  /** Pipeline name (execution variable PipelineName); default `pipeline`. */
  pipelineName?: string;
  /** Parameter overrides: strings from the CLI are typed by the parameter's Type. */
  parameters?: Record<string, Json>;
  /** Object store; default a folder store at `<stateDir>/store`. */
  store?: ObjectStore;
  /** `.sagewire` folder: runs/ and cache/ (default `<cwd>/.sagewire`). */
  stateDir?: string;
  /** Steps running at once (default 2). */
  parallel?: number;
  /** Honour CacheConfig (default true). False ignores earlier results (new ones are still saved). */
  cache?: boolean;
  sandbox?: SandboxMode;
  /**
   * A root file system folder (an image root, e.g. a Debian tree made by mmdebstrap) that
   * steps run in instead of the host's `/` (bwrap only); inputs are staged as S3 delivers them
   * (mode 0644 files).
   */
  imageRoot?: string;
  /** Per-image roots: a step whose ImageUri matches a rule's prefix runs in its root (see image-roots.ts). */
  imageRoots?: ImageRootRule[];
  /** Raise or lower the sandbox's resource limits (see DEFAULT_LIMITS). */
  limits?: Partial<SandboxLimits>;
  /** Host uid/gid a step runs as when the caller is root (default 61000). */
  sandboxUser?: { uid: number; gid?: number };
  /** Inventory URL handed to registration scripts as SAGEWIRE_REGISTRAR. */
  inventoryUrl?: string;
  /** Registers RegisterModel steps (see `inventoryModelPackageRegistrar`). */
  registrar?: ModelPackageRegistrar;
  /**
   * Environment for the registration step only (AWS_* of an S3 endpoint store, the inventory
   * token); no other step gets it.
   */
  registrationEnv?: Record<string, string>;
  /** Keep each step's /opt/ml folder after it succeeded (default: only failed steps keep it). */
  keepWorkDirs?: boolean;
  onEvent?: (e: StepEvent) => void;
  log?: (line: string) => void;
  executionId?: string;
}

/** The PATH a step gets (the runner's node's folder first when it is elsewhere). */
const STEP_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Where the registration step sees a folder store (read-only, its temp folder writable). */
const STORE_IN_SANDBOX = '/tmp/.sagewire-store';

/** The image a step's job runs (Processing or Training). */
function imageUriOf(args: JsonObject): string | undefined {
  const app = args.AppSpecification as { ImageUri?: unknown } | undefined;
  const algo = args.AlgorithmSpecification as { TrainingImage?: unknown } | undefined;
  const uri = app?.ImageUri ?? algo?.TrainingImage;
  return typeof uri === 'string' ? uri : undefined;
}

/** A SageMaker-like execution id: 12 lowercase hex characters. */
export function newExecutionId(): string {
  return randomBytes(8).toString('hex').slice(0, 12);
}

/** Runs a definition; resolves with the summary whether steps failed or not. */
export async function runPipeline(def: PipelineDefinition, opts: LocalRunOptions = {}): Promise<RunSummary> {
  const plan = planRun(def);
  const parameters = resolveParameters(def, opts.parameters);
  const stateDir = resolve(opts.stateDir ?? '.sagewire');
  const store = opts.store ?? openStore({ root: join(stateDir, 'store') });
  const pipelineName = opts.pipelineName ?? 'pipeline';
  const id = opts.executionId ?? newExecutionId();
  const startedAt = new Date();
  const execution: ExecutionInfo = {
    id,
    name: pipelineName,
    arn: `arn:aws:sagemaker:local:000000000000:pipeline/${pipelineName.toLowerCase()}/execution/${id}`,
    startedAt: startedAt.toISOString(),
  };
  const runDir = join(stateDir, 'runs', id);
  await mkdir(runDir, { recursive: true });
  const cache = new StepCache(join(stateDir, 'cache'), store);
  const digests = new InputDigests(store, join(stateDir, 'cache', 'objects'));
  const records = new Map<string, JsonObject>();
  const reports = new Map<string, StepReport>(
    plan.steps.map((s) => [s.name, { name: s.name, type: s.type, status: 'waiting', after: s.after, inputs: [], outputs: [] }]),
  );
  const emit = (r: StepReport) =>
    opts.onEvent?.({
      step: r.name,
      type: r.type,
      status: r.status,
      ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
      ...(r.message ? { message: r.message } : {}),
      ...(r.logPath ? { logPath: r.logPath } : {}),
    });
  for (const r of reports.values()) emit(r);

  const floatParameters = new Set((def.Parameters ?? []).filter((p) => p.Type === 'Float').map((p) => p.Name));
  const scope = (symbolic: boolean): EvalScope => ({
    parameters,
    execution: {
      PipelineExecutionId: id,
      PipelineExecutionArn: execution.arn,
      PipelineName: pipelineName,
      PipelineArn: `arn:aws:sagemaker:local:000000000000:pipeline/${pipelineName.toLowerCase()}`,
      StartDateTime: execution.startedAt,
      CurrentDateTime: new Date().toISOString(),
    },
    stepRecord: (s) => records.get(s),
    propertyFile: (s, f) => readPropertyFile(plan.steps, records, store, s, f),
    symbolicExecution: symbolic,
    floatParameters,
  });

  const settings: SandboxSettings = {
    ...(opts.imageRoot ? { imageRoot: resolve(opts.imageRoot) } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.sandboxUser ? { uid: opts.sandboxUser.uid, gid: opts.sandboxUser.gid ?? opts.sandboxUser.uid } : {}),
  };
  const mode = opts.sandbox ?? 'auto';
  const sandboxed =
    mode === 'bwrap' || (mode === 'auto' && (bwrapAvailable(settings) || settings.imageRoot !== undefined || (opts.imageRoots?.length ?? 0) > 0));
  const ids = sandboxIds(settings);
  const dropsUser = sandboxed && callerIsRoot();
  const nodeDir = dirname(realpathSync(process.execPath));
  // Exactly this plus the definition's Environment: nothing of the caller's environment.
  const baseEnv: Record<string, string> = {
    PATH: settings.imageRoot || STEP_PATH.split(':').includes(nodeDir) ? STEP_PATH : `${nodeDir}:${STEP_PATH}`,
    HOME: '/tmp',
    LANG: 'C.UTF-8',
  };
  const hide = [stateDir, ...(store instanceof FolderStore ? [store.root] : [])];
  await removeStaleTemps([join(stateDir, 'runs'), join(stateDir, 'cache'), ...(store instanceof FolderStore ? [store.root] : [])]);

  const runStep = async (step: PlannedStep): Promise<StepOutcome> => {
    const stepDir = join(runDir, step.name);
    const mlDir = join(stepDir, 'ml');
    const logPath = join(stepDir, 'log.txt');
    await mkdir(mlDir, { recursive: true });
    const kind = localStepKind(step.def.Type, `step ${step.name}`);
    const raw = kind.evaluated(step.def);
    const args = (await evaluate(raw, scope(false), `step ${step.name}`)) as JsonObject;
    const report = reports.get(step.name)!;
    Object.assign(report, kind.io(args));
    const cacheOn = kind.cacheable && step.def.CacheConfig?.Enabled === true;
    const symbolic = cacheOn ? await evaluate(raw, scope(true), `step ${step.name}`) : null;
    let key: Promise<string> | undefined;
    const readOnly: Bind[] = [];
    const ctx: StepContext = {
      step,
      args,
      execution,
      stepDir,
      mlDir,
      logPath,
      store,
      log: opts.log ?? (() => {}),
      caching: cacheOn,
      ...(opts.registrar ? { registrar: opts.registrar } : {}),
      stage: async (uri, containerPath, where) => {
        const dir = hostPathOf(mlDir, containerPath, where);
        const n = await stageInput(store, uri, dir, where, { link: sandboxed });
        readOnly.push({ source: dir, dest: containerPath.replace(/\/+$/, '') });
        return n;
      },
      exec: async (inv) => {
        report.logPath = logPath;
        const own = await checkOwnScript(inv.command, inv.env, mlDir);
        if (!sandboxed && own?.untrusted) {
          throw new LocalRunError(`step ${step.name}: runs ${own.contract.entryPoint} outside a sandbox (bubblewrap is not available), but ${own.untrusted}; install bubblewrap (apt-get install bubblewrap)`);
        }
        const registration = own !== undefined && !own.untrusted && runsRegistrationScript(inv.command);
        if (runsRegistrationScript(inv.command) && own?.untrusted) opts.log?.(`step ${step.name}: not the registration step (${own.untrusted}); it runs without network or store`);
        const env: Record<string, string> = { ...baseEnv, ...inv.env };
        const writable: Bind[] = [];
        const ro = [...readOnly];
        if (registration) {
          // A step compiled for an inventory elsewhere (IAM or secret auth) registers with the
          // run's own inventory when the run has one: a local run never reaches the real one.
          if (opts.inventoryUrl) {
            env.SAGEWIRE_REGISTRAR = opts.inventoryUrl;
            delete env.SAGEWIRE_INVENTORY_AUTH;
            delete env.SAGEWIRE_INVENTORY_TOKEN_SECRET;
          }
          Object.assign(env, opts.registrationEnv ?? {});
          if (store instanceof FolderStore) {
            const tempUri = `s3://sagewire-tmp/tmp/${id}-${step.name}/`;
            const tempDir = store.pathOf(tempUri);
            await mkdir(tempDir, { recursive: true });
            env.SAGEWIRE_TEMP_PREFIX = tempUri;
            if (sandboxed) {
              if (dropsUser) await lchown(tempDir, ids.uid, ids.gid);
              env.SAGEWIRE_LOCAL_STORE = STORE_IN_SANDBOX;
              ro.push({ source: store.root, dest: STORE_IN_SANDBOX });
              writable.push({ source: tempDir, dest: join(STORE_IN_SANDBOX, relative(store.root, tempDir)) });
            } else {
              env.SAGEWIRE_LOCAL_STORE = store.root;
            }
          }
        }
        if (dropsUser) await handOver(mlDir, ids.uid, ids.gid, readOnly.map((b) => b.source));
        const stepRoot = opts.imageRoots?.length ? imageRootFor(imageUriOf(args), opts.imageRoots) : undefined;
        const spawnable = prepareInvocation(
          { step: step.name, mlDir, command: inv.command, env, network: registration, readOnly: ro, writable, hide },
          mode,
          stepRoot ? { ...settings, imageRoot: stepRoot } : settings,
        );
        // Only a sandboxed step is bounded: the direct form runs sagewire's own scripts alone.
        const bound = spawnable.sandbox === 'bwrap' ? { dir: mlDir, limitBytes: { ...DEFAULT_LIMITS, ...opts.limits }.mlBytes, skip: readOnly.map((b) => b.source) } : undefined;
        return spawnToLog(spawnable, logPath, inv.timeoutMs, bound);
      },
      cacheLookup: async (inputs) => {
        if (!cacheOn) return undefined;
        key = digests.digest(inputs).then((digest) => cacheKey(step.type, symbolic, digest));
        if (opts.cache === false) {
          // No cached result wanted: the key is needed only to save this run's result, so the
          // inputs are hashed while the step runs (a 1 GiB model is about a second of hashing).
          key.catch(() => undefined);
          return undefined;
        }
        const hit = await cache.lookup(await key, step.def.CacheConfig?.ExpireAfter);
        if (hit) report.message = `cached: reused the result of execution ${hit.executionId}`;
        return hit ? { record: hit.record, ...(hit.result ? { result: hit.result } : {}) } : undefined;
      },
    };
    const outcome = await kind.run(ctx);
    Object.assign(report, kind.io(outcome.cached ? { ...args, ...outcome.record } : args, outcome.record));
    if (cacheOn && key && !outcome.cached) {
      await cache.save({ key: await key, step: step.name, executionId: id, createdAt: new Date().toISOString(), record: outcome.record, outputs: outcome.outputs, ...(outcome.result ? { result: outcome.result } : {}) });
    }
    if (!opts.keepWorkDirs) await rm(mlDir, { recursive: true, force: true });
    return outcome;
  };

  await schedule(plan.steps, opts.parallel ?? 2, reports, records, runStep, emit);

  for (const r of reports.values()) {
    if (r.logPath) r.logTail = await tail(r.logPath);
  }
  const steps = plan.steps.map((s) => reports.get(s.name)!);
  return {
    executionId: id,
    executionArn: execution.arn,
    pipelineName,
    status: steps.some((s) => s.status === 'failed') ? 'Failed' : 'Succeeded',
    startedAt: execution.startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    parameters,
    runDir,
    store: store.location,
    steps,
    edges: plan.edges,
  };
}

async function schedule(
  steps: PlannedStep[],
  parallel: number,
  reports: Map<string, StepReport>,
  records: Map<string, JsonObject>,
  runStep: (s: PlannedStep) => Promise<StepOutcome>,
  emit: (r: StepReport) => void,
): Promise<void> {
  const pending = new Set(steps.map((s) => s.name));
  const byName = new Map(steps.map((s) => [s.name, s]));
  const running = new Map<string, Promise<void>>();
  const finished = (n: string) => ['done', 'cached'].includes(reports.get(n)!.status);
  const dead = (n: string) => ['failed', 'skipped'].includes(reports.get(n)!.status);

  const skip = (name: string, message: string) => {
    const r = reports.get(name)!;
    r.status = 'skipped';
    r.message = message;
    pending.delete(name);
    emit(r);
  };

  for (;;) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const name of [...pending]) {
        const s = byName.get(name)!;
        const deadDep = s.after.find(dead);
        if (deadDep) {
          skip(name, `not run: ${deadDep} ${reports.get(deadDep)!.status}`);
          changed = true;
        } else if (s.branch && finished(s.branch.condition) && records.get(s.branch.condition)?.Outcome !== s.branch.when) {
          skip(name, `not run: condition ${s.branch.condition} was ${!s.branch.when}`);
          changed = true;
        }
      }
    }
    const ready = steps.filter((s) => pending.has(s.name) && s.after.every(finished));
    for (const s of ready) {
      if (running.size >= Math.max(1, parallel)) break;
      pending.delete(s.name);
      const r = reports.get(s.name)!;
      r.status = 'running';
      r.startedAt = new Date().toISOString();
      emit(r);
      const t0 = Date.now();
      const p = runStep(s).then(
        (outcome) => {
          records.set(s.name, outcome.record);
          r.record = outcome.record;
          if (outcome.result) r.result = outcome.result;
          r.status = outcome.cached ? 'cached' : 'done';
        },
        (err: unknown) => {
          r.status = 'failed';
          r.message = err instanceof SagewireError ? err.describe() : `unexpected error (a bug): ${(err as Error)?.stack ?? String(err)}`;
        },
      ).finally(() => {
        r.durationMs = Date.now() - t0;
        running.delete(s.name);
        emit(r);
      });
      running.set(s.name, p);
    }
    if (running.size === 0) {
      if (pending.size === 0) return;
      for (const n of pending) skip(n, 'not run: its dependencies did not finish');
      return;
    }
    await Promise.race(running.values());
  }
}

async function readPropertyFile(
  steps: PlannedStep[],
  records: Map<string, JsonObject>,
  store: ObjectStore,
  step: string,
  file: string,
): Promise<Json> {
  const def = steps.find((s) => s.name === step)?.def;
  const pf = def?.PropertyFiles?.find((f) => f.PropertyFileName === file);
  const outputs = (records.get(step)?.ProcessingOutputConfig as { Outputs?: { OutputName: string; S3Output: { S3Uri: string } }[] })?.Outputs;
  const out = outputs?.find((o) => o.OutputName === pf?.OutputName);
  if (!pf || !out) throw new LocalRunError(`property file ${file} of step ${step}: the step has no such output`);
  const uri = joinS3Uri(out.S3Output.S3Uri, pf.FilePath);
  try {
    return JSON.parse((await store.getBytes(uri)).toString('utf8')) as Json;
  } catch (err) {
    throw new LocalRunError(`property file ${file} of step ${step} (${uri}): ${(err as Error).message}`);
  }
}

async function tail(path: string, lines = 40): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    return text.split('\n').slice(-lines - 1).join('\n').slice(-8000);
  } catch {
    return '';
  }
}
