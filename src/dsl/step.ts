/**
 * The base of every definition step: name, explicit dependencies, cache and retry policies,
 * and the rendering contract. Each step type lives in its own file under `steps/` and
 * renders itself with `toStepJson()`; graph bookkeeping is the `Pipeline`'s job.
 */
import type { Issue } from '../errors.js';
import type { Json, ReferenceSink } from './render-value.js';
import { matchProperty, STEP_KINDS, type PropertyMatch, type StepKindName } from './step-kinds.js';

/** The `Type` field of a definition step: a SageMaker step kind (dsl/step-kinds.ts). */
export type StepType = StepKindName;

export interface CacheProps {
  enabled: boolean;
  /** ISO 8601 duration, e.g. `P30D`. Default: none (SageMaker's own). */
  expireAfter?: string;
}

export type RetryExceptionType =
  | 'Step.SERVICE_FAULT'
  | 'Step.THROTTLING'
  | 'SageMaker.JOB_INTERNAL_ERROR'
  | 'SageMaker.CAPACITY_ERROR'
  | 'SageMaker.RESOURCE_LIMIT';

export interface RetryPolicyProps {
  exceptionTypes: RetryExceptionType[];
  intervalSeconds?: number;
  backoffRate?: number;
  maxAttempts?: number;
  expireAfterMin?: number;
}

export interface StepProps {
  /** Unique in the pipeline; `[A-Za-z0-9-_]{1,64}`. */
  name: string;
  displayName?: string;
  description?: string;
  /** Steps that must finish first although no data flows from them. Default: none. */
  dependsOn?: string[];
}

/** A step type that supports caching and retries (job steps). */
export interface JobStepProps extends StepProps {
  cache?: CacheProps;
  retryPolicies?: RetryPolicyProps[];
}

export abstract class Step {
  abstract readonly type: StepType;
  readonly name: string;
  readonly displayName: string | undefined;
  readonly description: string | undefined;
  #dependsOn: string[];

  constructor(props: StepProps) {
    this.name = props.name;
    this.displayName = props.displayName;
    this.description = props.description;
    this.#dependsOn = [...new Set(props.dependsOn ?? [])].sort();
  }

  /** Steps this one waits for although no data flows from them (sorted, unique). */
  get dependsOn(): readonly string[] {
    return this.#dependsOn;
  }

  /** Adds explicit dependencies (the template adds DAG edges that carry no data). */
  addDependsOn(names: readonly string[]): void {
    this.#dependsOn = [...new Set([...this.#dependsOn, ...names])].sort();
  }

  /** Renders the step; `sink` hears about every step and parameter its arguments reference. */
  abstract toStepJson(sink?: ReferenceSink): Json;

  /** Whether `path` (no `properties.` prefix) is a property this step exposes. */
  hasProperty(path: string): boolean {
    const match = matchProperty(STEP_KINDS[this.type], path);
    return match !== undefined && this.hasMatched(match, path);
  }

  /** A step's own say on a path its kind exposes (a Processing step: only its own outputs). */
  protected hasMatched(match: PropertyMatch, path: string): boolean {
    void match;
    void path;
    return true;
  }

  /** Problems with the step's own values (not its references); empty when fine. */
  validate(): Issue[] {
    return [];
  }

  /** Steps nested inside this one (a Condition's branches). */
  children(): readonly Step[] {
    return [];
  }
}
