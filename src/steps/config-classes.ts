/**
 * The catalog's config classes with their schemas loaded: import this (not the catalog alone)
 * wherever configs are read, validated or written. Loading the schemas means loading zod, which
 * `sagewire steps` does not need, so the catalog itself holds them on demand
 * (kit/schema-on-demand.ts) and this module loads them once, before anything uses them.
 */
import { configClassTable, type ConfigClassTable } from '../config/registry.js';
import { STEP_CATALOG } from './catalog.js';
import type { StepDefinition } from './kit/define-step.js';
import { loadSchemas } from './kit/schema-on-demand.js';

await loadSchemas(STEP_CATALOG);

/** The config classes of `steps` (the two shared bases first), for reading and writing config files. */
export function configClassesOf(steps: readonly StepDefinition[]): ConfigClassTable {
  return configClassTable(steps.map((d) => ({ ...d.config, stepType: d.stepType })));
}

/** The config classes of the catalog. */
export const CONFIG_CLASSES: ConfigClassTable = configClassesOf(STEP_CATALOG);
