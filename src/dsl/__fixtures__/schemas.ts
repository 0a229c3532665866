/**
 * Test helper: validates a definition against AWS's official schema and the SDK-compatible
 * repair of it, read from `../shared/reference/schema/` (never copied into the project).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const REFERENCE_DIR = join(REPO_ROOT, '..', 'shared', 'reference');

function compile(file: string): ValidateFunction {
  const path = join(REFERENCE_DIR, 'schema', file);
  let schema: Record<string, unknown>;
  try {
    schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`cannot read ${path}: the tests need the shared reference files beside the repo (${(err as Error).message})`);
  }
  // The official file names an unversioned meta-schema; both are validated as draft-07.
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

let sdk: ValidateFunction | undefined;
let official: ValidateFunction | undefined;

/**
 * The official schema is known wrong (PATCHES.md) about `Std:Join` and `Std:JsonGet` (it
 * cannot express them), the root `PipelineExperimentConfig`, and `RetryPolicy.ExceptionType`
 * as an array, and `ModelDataUrl` as anything but a literal. Before validating against it, exactly those constructs are rewritten to forms
 * it accepts, so every other part of the definition is still checked.
 */
function withoutPatchedConstructs(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    if (key === 'ExceptionType') return value[0];
    return value.map((v) => withoutPatchedConstructs(v));
  }
  if (value && typeof value === 'object') {
    if (key === 'ModelDataUrl') return 's3://placeholder/model-data-url';
    if ('Std:Join' in value || 'Std:JsonGet' in value) return 's3://placeholder/for-a-function';
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'PipelineExperimentConfig')
        .map(([k, v]) => [k, withoutPatchedConstructs(v, k)]),
    );
  }
  return value;
}

export interface SchemaResult {
  sdk: ErrorObject[];
  official: ErrorObject[];
}

export function validateAgainstSchemas(definition: unknown): SchemaResult {
  sdk ??= compile('sdk-compatible.schema.json');
  official ??= compile('official.schema.json');
  const okSdk = sdk(definition);
  const okOfficial = official(withoutPatchedConstructs(definition));
  return { sdk: okSdk ? [] : [...(sdk.errors ?? [])], official: okOfficial ? [] : [...(official.errors ?? [])] };
}

/** Reads an SDK example definition from the shared reference folder. */
export function readSdkExample(name: string): unknown {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, 'sdk-examples', name), 'utf8'));
}
