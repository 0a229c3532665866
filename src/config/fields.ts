/**
 * Small zod building blocks shared by every config schema.
 *
 * Each carries its own user-facing message ("expected a positive integer") so that a
 * ConfigError reads the same whatever check failed; the formatter appends the value received.
 */
import { z } from 'zod';

/** A string that is not empty. */
export function nonEmptyString() {
  return z.string({ error: 'expected a non-empty string' }).min(1, { error: 'expected a non-empty string' });
}

/** An integer >= 1 (optionally <= max). */
export function positiveInt(max?: number) {
  const msg = max === undefined ? 'expected a positive integer' : `expected an integer from 1 to ${max}`;
  const base = z.int({ error: msg }).min(1, { error: msg });
  return max === undefined ? base : base.max(max, { error: msg });
}

/** An integer in [min, max]. */
export function intBetween(min: number, max: number) {
  const msg = `expected an integer from ${min} to ${max}`;
  return z.int({ error: msg }).min(min, { error: msg }).max(max, { error: msg });
}

/** A number strictly between 0 and 1. */
export function openRatio() {
  const msg = 'expected a number strictly between 0 and 1';
  return z.number({ error: msg }).gt(0, { error: msg }).lt(1, { error: msg });
}

/** A number in [0, 1]. */
export function closedRatio() {
  const msg = 'expected a number from 0 to 1';
  return z.number({ error: msg }).min(0, { error: msg }).max(1, { error: msg });
}

export function bool() {
  return z.boolean({ error: 'expected true or false' });
}

export function num() {
  return z.number({ error: 'expected a number' });
}

/** An `s3://bucket/...` URI. */
export function s3Uri() {
  const msg = 'expected an s3://bucket/key URI';
  return z.string({ error: msg }).regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, { error: msg });
}

/** A local path (relative to the config file's folder, or absolute) or an s3:// URI. */
export function pathOrS3Uri() {
  return nonEmptyString().refine((v) => !v.startsWith('s3://') || /^s3:\/\/[^/]+/.test(v), {
    error: 'expected a local path or an s3://bucket/key URI',
  });
}

/** A SageMaker instance type such as `ml.m5.xlarge`. */
export function instanceType() {
  const msg = 'expected a SageMaker instance type such as "ml.m5.xlarge"';
  return z.string({ error: msg }).regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: msg });
}

/** A script path relative to its source folder (never absolute, never an S3 URI). */
export function relativeEntryPoint() {
  return nonEmptyString().refine((v) => !v.startsWith('/') && !v.startsWith('s3://') && !/^[A-Za-z]:[\\/]/.test(v), {
    error: 'expected a path relative to the source folder (not absolute, not s3://)',
  });
}

/** A list of strings. */
export function stringList() {
  return z.array(z.string({ error: 'expected a string' }), { error: 'expected a list of strings' });
}

/** A JSON object with arbitrary values (hyperparameters and the like). */
export function jsonObject() {
  return z.record(z.string(), z.unknown(), { error: 'expected a JSON object' });
}

/** One of the given string values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
}
