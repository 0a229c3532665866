/**
 * A config class whose zod schema is loaded on demand, so that a command that only lists step
 * types (`sagewire steps`) loads no zod: the catalog's own step types declare their config class
 * with {@link configClassOnDemand}, and every module that validates configs imports
 * `steps/config-classes.ts`, which loads them all (top-level await) before its first use. A
 * user's own step type may pass its schema directly, as before.
 */
import type { ConfigSchema } from '../../config/registry.js';
import { InternalError } from '../../errors.js';
import type { StepConfigClass } from './define-step.js';

const loaders = new WeakMap<object, () => Promise<void>>();

/** `names` (class name, cursus name and renames) with a schema that `load` imports on demand. */
export function configClassOnDemand<S extends ConfigSchema>(names: Omit<StepConfigClass<S>, 'schema'>, load: () => Promise<S>): StepConfigClass<S> {
  let schema: S | undefined;
  const configClass = {
    ...names,
    get schema(): S {
      if (schema === undefined) {
        throw new InternalError(`config class ${names.className}: its schema is not loaded yet (import steps/config-classes.js first)`);
      }
      return schema;
    },
  };
  loaders.set(configClass, async () => {
    schema ??= await load();
  });
  return configClass;
}

/** Loads the schemas of every on-demand config class of `steps` (others have theirs already). */
export async function loadSchemas(steps: readonly { config: StepConfigClass }[]): Promise<void> {
  await Promise.all(steps.map((step) => loaders.get(step.config)?.()));
}
