/**
 * Config classes: class name (ours, and the cursus alias) -> schema and step type. `config/`
 * knows the two shared bases only; the step config classes come from the step catalog
 * (`steps/catalog.ts`), which builds its table with {@link configClassTable}.
 */
import type { z } from 'zod';
import { SpecError } from '../errors.js';
import { BasePipelineConfig, type WithDerived } from './base-config.js';
import { ProcessingStepConfigBase } from './processing-config.js';

/** Any config schema (all are zod objects). */
export type ConfigSchema = z.ZodObject;

export interface ConfigClass<S extends ConfigSchema = ConfigSchema> {
  /** sagewire's class name, the one `saveConfigFile` writes. */
  className: string;
  schema: S;
  /** The step type the class configures; null for the shared bases. */
  stepType: string | null;
  /** The class name cursus writes, when it differs. */
  cursusName?: string;
  /** cursus field name -> ours, applied when a cursus-format file is read. */
  cursusFieldRenames?: Readonly<Record<string, string>>;
}

/** The shared bases every config file may hold (`Base`, `Processing`). */
export const BASE_CONFIG_CLASSES: readonly ConfigClass[] = [
  { className: 'BasePipelineConfig', schema: BasePipelineConfig, stepType: null },
  { className: 'ProcessingStepConfigBase', schema: ProcessingStepConfigBase, stepType: null },
];

/** A set of config classes, looked up by class name (ours or the cursus alias). */
export interface ConfigClassTable {
  /** Every class, bases first, then in the order given. */
  readonly classes: readonly ConfigClass[];
  /** The class of a name, ours or a cursus alias; undefined when unknown. */
  get(name: string): ConfigClass | undefined;
  /** The class configuring a step type. */
  ofStepType(stepType: string): ConfigClass | undefined;
  /** True when `name` is only ever written by cursus (a sign the file is cursus-format). */
  isCursusOnlyName(name: string): boolean;
  /** Every class name accepted in a config file (ours and cursus aliases), sorted. */
  knownClassNames(): string[];
}

/** The table of the two bases plus `stepClasses`; a class name or step type given twice is an error. */
export function configClassTable(stepClasses: readonly ConfigClass[] = []): ConfigClassTable {
  const classes = [...BASE_CONFIG_CLASSES, ...stepClasses];
  const byName = new Map<string, ConfigClass>();
  const byStepType = new Map<string, ConfigClass>();
  for (const c of classes) {
    for (const name of c.cursusName ? [c.className, c.cursusName] : [c.className]) {
      if (byName.has(name)) throw new SpecError(`config class name ${name} is given twice in the step catalog`);
      byName.set(name, c);
    }
    if (c.stepType !== null) {
      if (byStepType.has(c.stepType)) throw new SpecError(`step type ${c.stepType} has two config classes in the step catalog`);
      byStepType.set(c.stepType, c);
    }
  }
  return {
    classes,
    get: (name) => byName.get(name),
    ofStepType: (stepType) => byStepType.get(stepType),
    isCursusOnlyName: (name) => byName.get(name)?.cursusName === name,
    knownClassNames: () => [...byName.keys()].sort(),
  };
}

/** The bases only: what a config file reader knows when it is given no step classes. */
export const BASE_CONFIG_TABLE: ConfigClassTable = configClassTable();

/**
 * One loaded config: its class, its step type (null for a shared base) and the parsed config
 * with derived fields. The step catalog narrows it per step type (`steps/catalog.ts`).
 */
export interface LoadedConfig<T extends string | null = string | null, C = BasePipelineConfig> {
  className: string;
  stepType: T;
  config: WithDerived<C>;
}
