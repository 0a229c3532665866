/**
 * The outer shape of a config file: `configuration.shared`, `configuration.specific`,
 * `metadata.config_types`. Checked by hand so that each problem names its JSON path.
 */
import type { Issue } from '../../errors.js';
import { describeValue } from '../issues.js';

export interface ConfigDocument {
  shared: Record<string, unknown>;
  specific: Record<string, Record<string, unknown>>;
  /** Step name -> class name, from `metadata.config_types` or else each entry's `__model_type__`. */
  configTypes: Record<string, string>;
  metadata: Record<string, unknown>;
  /** Whether `metadata.config_types` was present. */
  hasConfigTypes: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Splits a parsed (already unwrapped) file into its parts, or lists what is malformed. */
export function readDocumentShape(doc: unknown): { ok: true; value: ConfigDocument } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  if (!isObject(doc)) {
    return { ok: false, issues: [{ path: '', message: `expected a JSON object with "configuration" and "metadata", got ${describeValue(doc)}` }] };
  }
  const configuration = doc.configuration;
  if (!isObject(configuration)) {
    issues.push({ path: 'configuration', message: `expected an object with "shared" and "specific", got ${describeValue(configuration)}` });
  }
  const conf = isObject(configuration) ? configuration : {};
  const shared = conf.shared ?? {};
  if (!isObject(shared)) issues.push({ path: 'configuration.shared', message: `expected an object, got ${describeValue(shared)}` });
  const specificRaw = conf.specific ?? {};
  if (!isObject(specificRaw)) issues.push({ path: 'configuration.specific', message: `expected an object, got ${describeValue(specificRaw)}` });
  const specific: Record<string, Record<string, unknown>> = {};
  if (isObject(specificRaw)) {
    for (const [step, entry] of Object.entries(specificRaw)) {
      if (isObject(entry)) specific[step] = entry;
      else issues.push({ path: `configuration.specific.${step}`, message: `expected an object of config fields, got ${describeValue(entry)}` });
    }
  }
  const metadata = doc.metadata ?? {};
  if (!isObject(metadata)) issues.push({ path: 'metadata', message: `expected an object, got ${describeValue(metadata)}` });
  const meta = isObject(metadata) ? metadata : {};
  const configTypes: Record<string, string> = {};
  const hasConfigTypes = meta.config_types !== undefined;
  if (hasConfigTypes) {
    if (!isObject(meta.config_types)) {
      issues.push({ path: 'metadata.config_types', message: `expected an object of step name -> class name, got ${describeValue(meta.config_types)}` });
    } else {
      for (const [step, cls] of Object.entries(meta.config_types)) {
        if (typeof cls === 'string' && cls !== '') configTypes[step] = cls;
        else issues.push({ path: `metadata.config_types.${step}`, message: `expected a class name, got ${describeValue(cls)}` });
      }
    }
  } else {
    for (const [step, entry] of Object.entries(specific)) {
      const cls = entry.__model_type__;
      if (typeof cls === 'string' && cls !== '') configTypes[step] = cls;
      else issues.push({ path: `configuration.specific.${step}.__model_type__`, message: `required (no metadata.config_types): expected a class name, got ${describeValue(cls)}` });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { shared: shared as Record<string, unknown>, specific, configTypes, metadata: meta, hasConfigTypes } };
}
