/**
 * Writing the one config file: every config validated, defaults filled, paths canonical,
 * fields with one identical value in every config moved to `shared`, keys sorted. The same
 * configs always give the same bytes, so load -> save reproduces a file sagewire wrote.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type Issue } from '../../errors.js';
import { BASE_CONFIG_TABLE, type ConfigClassTable } from '../registry.js';
import { parseConfigObject } from '../validate.js';
import { CURSUS_DERIVED_FIELDS } from './cursus-compat.js';
import { canonicalConfigPaths } from './paths.js';

/** What is saved per step: a class name (ours or a cursus alias) and the config (raw or loaded). */
export interface ConfigToSave {
  className: string;
  config: object;
}

function sortedObject(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The file's text for `configs`, paths written relative to `fileDir` where inside it. */
export function serializeConfigFile(configs: Record<string, ConfigToSave>, fileDir: string, classes: ConfigClassTable = BASE_CONFIG_TABLE): string {
  const issues: Issue[] = [];
  const parsed: Array<{ step: string; className: string; fields: Record<string, unknown> }> = [];
  for (const step of Object.keys(configs).sort()) {
    const { className, config } = configs[step]!;
    const cls = classes.get(className);
    if (!cls) {
      issues.push({ path: `metadata.config_types.${step}`, message: `unknown config class, got ${JSON.stringify(className)} (known: ${classes.knownClassNames().join(', ')})` });
      continue;
    }
    const input = Object.fromEntries(Object.entries(config).filter(([k, v]) => v !== undefined && !CURSUS_DERIVED_FIELDS.has(k)));
    const r = parseConfigObject(cls.schema, input, { path: `configuration.specific.${step}` });
    if (!r.ok) {
      issues.push(...r.issues);
      continue;
    }
    const fields = canonicalConfigPaths(r.value as Record<string, unknown>, fileDir);
    parsed.push({ step, className: cls.className, fields });
  }
  if (issues.length > 0) throw new ConfigError(`cannot save configs: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues);

  const shared = new Map<string, unknown>();
  if (parsed.length >= 2) {
    const [first, ...rest] = parsed;
    for (const [k, v] of Object.entries(first!.fields)) {
      const text = JSON.stringify(v);
      if (rest.every((p) => k in p.fields && JSON.stringify(p.fields[k]) === text)) shared.set(k, v);
    }
  }
  const specific: Record<string, unknown> = {};
  const configTypes: Record<string, string> = {};
  for (const { step, className, fields } of parsed) {
    const own = Object.entries(fields).filter(([k]) => !shared.has(k));
    specific[step] = { __model_type__: className, ...sortedObject(own) };
    configTypes[step] = className;
  }
  const doc = {
    configuration: { shared: sortedObject(shared), specific },
    metadata: { config_types: configTypes },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Validates and writes `configs` (step name -> class + config) as one config file, atomically.
 * Throws a ConfigError listing every invalid field; nothing is written then.
 */
export function saveConfigFile(file: string, configs: Record<string, ConfigToSave>, classes: ConfigClassTable = BASE_CONFIG_TABLE): void {
  const abs = path.resolve(file);
  const text = serializeConfigFile(configs, path.dirname(abs), classes);
  mkdirSync(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, abs);
  } finally {
    rmSync(tmp, { force: true });
  }
}
