/**
 * A step type is one definition: its type name, its config class, its specification, the
 * contract of the script it runs (if any), a one-line description and its builder. sagewire's
 * own step types and a user's are defined alike; the catalog is a list of them.
 */
import type { z } from 'zod';
import type { ConfigClass, ConfigSchema } from '../../config/registry.js';
import { SpecError } from '../../errors.js';
import type { ScriptContract } from '../../spec/contract.js';
import type { StepSpecification } from '../../spec/specification.js';
import type { BuildContext, BuildResult } from './build-context.js';

/** A config class as a step definition names it (the step type comes from the definition). */
export type StepConfigClass<S extends ConfigSchema = ConfigSchema> = Omit<ConfigClass<S>, 'stepType'>;

/** The parsed config of a step definition (before derived fields). */
export type StepConfigOf<D extends StepDefinition> = z.output<D['config']['schema']>;

export interface StepDefinition<T extends string = string, S extends ConfigSchema = ConfigSchema> {
  /** The step type, as config files and `sagewire steps` name it. */
  stepType: T;
  config: StepConfigClass<S>;
  spec: StepSpecification;
  /** The contract of the script the step runs; absent for steps that run none (e.g. a Model). */
  contract?: ScriptContract;
  /** One line for `sagewire steps`. */
  description: string;
  /**
   * The step's output model.tar.gz is written by sagewire's own archive engine after checking
   * its whole input, so a Package step fed by it may append from its tail (trust its index).
   * Leave it out for a step whose job writes its own archive: such output is read in full.
   */
  writesOwnArchive?: boolean;
  /** The definition step of one DAG node (method syntax: a catalog holds definitions of any config). */
  build(ctx: BuildContext<z.output<S>>): BuildResult;
}

/**
 * Declares a step type. The config type of `build` is inferred from the schema, so a user's
 * own step type needs no cast; its spec must name the same step type.
 */
export function defineStep<const T extends string, S extends ConfigSchema>(definition: StepDefinition<T, S>): StepDefinition<T, S> {
  if (definition.spec.stepType !== definition.stepType) {
    throw new SpecError(`step definition ${definition.stepType}: its spec names step type ${definition.spec.stepType}`);
  }
  return definition;
}
