/** What a step executor gets from the runner, and what it gives back. */
import type { ObjectStore } from '../store/index.js';
import type { JsonObject } from './definition.js';
import type { StepInputRef } from './input-digest.js';
import type { PlannedStep } from './plan.js';
import type { StepInvocation } from './sandbox.js';
import type { ProcessOutcome } from './spawn-step.js';

/** The execution variables of one run. */
export interface ExecutionInfo {
  id: string;
  name: string;
  arn: string;
  startedAt: string;
}

/** Registers a model package (RegisterModel steps); given by the runner when an inventory is set. */
export type ModelPackageRegistrar = (args: JsonObject, step: string) => Promise<JsonObject>;

export interface StepContext {
  step: PlannedStep;
  /** The step's arguments with every reference evaluated. */
  args: JsonObject;
  execution: ExecutionInfo;
  /** `.sagewire/runs/<execution>/<step>`: log.txt and ml/ (the step's /opt/ml). */
  stepDir: string;
  mlDir: string;
  logPath: string;
  store: ObjectStore;
  /**
   * Stages the objects of an S3 key name prefix at a container path under /opt/ml; in the
   * sandbox the folder is bound read-only (its files hard links into a folder store where
   * possible: zero copy). Returns the number of files.
   */
  stage(uri: string, containerPath: string, where: string): Promise<number>;
  /**
   * Runs the step's command (sandboxed) with its output going to the log. `env` is the
   * definition's Environment (plus what the executor sets, e.g. SM_*); the runner adds only its
   * documented variables. The network and the store are granted by the runner alone, to a
   * step that runs this sagewire's registration bundle (recognised by its bytes).
   */
  exec(inv: Pick<StepInvocation, 'command' | 'env'> & { timeoutMs?: number }): Promise<ProcessOutcome>;
  /**
   * Asks the cache about this step before anything is staged; `inputs` are the S3 prefixes
   * it will stage (their content is part of the key). A hit returns the earlier record; the
   * caller returns it as is. Always a miss when the step's cache is off.
   */
  cacheLookup(inputs: StepInputRef[]): Promise<{ record: JsonObject; result?: string } | undefined>;
  /** The step's CacheConfig is on: its outputs are fingerprinted so a later hit can be checked. */
  caching: boolean;
  /** Registrar for RegisterModel steps; undefined when no inventory is configured. */
  registrar?: ModelPackageRegistrar;
  log(line: string): void;
}

/** An object a step put into the store. */
export interface WrittenObject {
  uri: string;
  /** Identifies this version of the object (see `objectFingerprint`); set when the step caches. */
  fingerprint?: string;
}

export interface StepOutcome {
  record: JsonObject;
  /** Objects the step wrote, fingerprinted when the step caches (to validate a later hit). */
  outputs: WrittenObject[];
  cached?: boolean;
  /** What the step's process printed on stdout (trimmed tail), e.g. a script's result lines. */
  result?: string;
}
