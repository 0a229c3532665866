import { z } from 'zod';
import { ScriptError } from '../../errors.js';
import type { PayloadScriptConfig } from '../../steps/payload/contract.js';
import { readJsonFile, requireJsonObject } from '../common/json-file.js';

const schema = z.object({
  content_types: z.array(z.string().min(1)).min(1),
  input_variable_list: z.unknown().optional(),
  default_numeric_value: z.number().refine(Number.isFinite, 'must be a finite number').optional(),
  default_text_value: z.string().optional(),
  field_defaults: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  custom_payloads: z.record(z.string(), z.string()).optional(),
});

const KNOWN_KEYS = Object.keys(schema.shape);

/**
 * Checks a parsed payload config ({@link PayloadScriptConfig}); every problem is reported at
 * once with its path under `source`. Keys sagewire does not know are returned (to be logged),
 * not rejected, so that a newer compiler's config still runs.
 */
export function parsePayloadConfig(value: unknown, source: string): { config: PayloadScriptConfig; unknownKeys: string[] } {
  const object = requireJsonObject(value, source);
  const result = schema.safeParse(object);
  if (!result.success) {
    throw new ScriptError(
      `${source}: invalid payload config`,
      result.error.issues.map((i) => ({ path: [source, ...i.path.map(String)].join('.'), message: i.message })),
    );
  }
  const unknownKeys = Object.keys(object).filter((k) => !KNOWN_KEYS.includes(k));
  return { config: result.data as PayloadScriptConfig, unknownKeys };
}

/** Reads and checks a payload config file. */
export async function readPayloadConfig(path: string): Promise<{ config: PayloadScriptConfig; unknownKeys: string[] }> {
  return parsePayloadConfig(await readJsonFile(path), path);
}
