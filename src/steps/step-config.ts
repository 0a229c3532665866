/**
 * A step config built in code: validated against its step type's schema (every problem at
 * once), derived fields added, ready for `compile({ dag, configs })`.
 */
import type { z } from 'zod';
import { withDerivedFields, type BasePipelineConfig } from '../config/base-config.js';
import type { ConfigSchema, LoadedConfig } from '../config/registry.js';
import { validateConfig } from '../config/validate.js';
import './config-classes.js'; // the catalog's schemas, loaded
import type { StepDefinition } from './kit/define-step.js';

/**
 * The loaded config of one node of step type `step`: `input` validated by the step's config
 * class (defaults filled in; a ConfigError names every invalid field under `what`), derived
 * fields added. Relative paths stay as given (relative to the working directory).
 */
export function stepConfig<T extends string, S extends ConfigSchema>(
  step: StepDefinition<T, S>,
  input: z.input<S>,
  what: string = step.stepType,
): LoadedConfig<T, z.output<S>> {
  const parsed = validateConfig(step.config.schema, input, what) as z.output<S> & BasePipelineConfig;
  return { className: step.config.className, stepType: step.stepType, config: withDerivedFields(parsed) };
}
