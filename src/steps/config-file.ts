/**
 * The config file functions of `config/file/`, knowing the catalog's config classes (and, when
 * given, the classes of a user's own step types).
 */
import {
  parseConfigDocument as parseWithClasses,
  readConfigFile as readWithClasses,
  type ConfigFileContents,
  type ReadConfigOptions,
} from '../config/file/read-config-file.js';
import { saveConfigFile as saveWithClasses, serializeConfigFile as serializeWithClasses, type ConfigToSave } from '../config/file/save-config-file.js';
import { STEP_CATALOG, type CatalogLoadedConfig } from './catalog.js';
import { CONFIG_CLASSES, configClassesOf } from './config-classes.js';
import type { StepDefinition } from './kit/define-step.js';

export interface StepReadOptions extends Omit<ReadConfigOptions, 'classes'> {
  /** The step types the file may configure. Default: the catalog. */
  steps?: readonly StepDefinition[];
}

function classesFor(steps: readonly StepDefinition[] | undefined) {
  return steps === undefined || steps === STEP_CATALOG ? CONFIG_CLASSES : configClassesOf(steps);
}

function withClasses({ steps, ...rest }: StepReadOptions): ReadConfigOptions {
  return { ...rest, classes: classesFor(steps) };
}

/**
 * Validates a parsed config document. Relative paths resolve against `baseDir` (the file's
 * folder). Throws one ConfigError listing every problem, each with its JSON path.
 */
export function parseConfigDocument(doc: unknown, baseDir: string, options: StepReadOptions = {}, source = 'config'): ConfigFileContents<CatalogLoadedConfig> {
  return parseWithClasses(doc, baseDir, withClasses(options), source) as ConfigFileContents<CatalogLoadedConfig>;
}

/** Reads and validates a config file (sagewire's format or cursus's); see {@link parseConfigDocument}. */
export function readConfigFile(file: string, options: StepReadOptions = {}): ConfigFileContents<CatalogLoadedConfig> {
  return readWithClasses(file, withClasses(options)) as ConfigFileContents<CatalogLoadedConfig>;
}

/** Reads a config file into step name -> `{ className, stepType, config }` (derived fields filled in). */
export function loadConfigFile(file: string, options: StepReadOptions = {}): Record<string, CatalogLoadedConfig> {
  return readConfigFile(file, options).configs;
}

/** The file's text for `configs`, paths written relative to `fileDir` where inside it. */
export function serializeConfigFile(configs: Record<string, ConfigToSave>, fileDir: string, steps?: readonly StepDefinition[]): string {
  return serializeWithClasses(configs, fileDir, classesFor(steps));
}

/**
 * Validates and writes `configs` (step name -> class + config) as one config file, atomically.
 * Throws a ConfigError listing every invalid field; nothing is written then.
 */
export function saveConfigFile(file: string, configs: Record<string, ConfigToSave>, steps?: readonly StepDefinition[]): void {
  saveWithClasses(file, configs, classesFor(steps));
}
