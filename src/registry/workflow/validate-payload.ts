/**
 * Checks the payload samples (the payload script's `payload_<type with / as _>_<n>.<csv|json>`
 * members) against the registration's input variable list and content types. Every problem is
 * collected; the error names the member, the rule and the value.
 */
import { InventoryError, type Issue } from '../../errors.js';
import { parseCsvRecord } from '../../payload-format/csv.js';

export interface PayloadSample {
  name: string;
  content: Buffer;
}

type Variables = ReadonlyArray<readonly [string, 'NUMERIC' | 'TEXT']>;

const SAMPLE_NAME = /^(?:\.\/)?payload_(.+)_(\d+)\.(csv|json)$/;

function contentTypeOf(name: string, declared: readonly string[]): string | undefined {
  const m = SAMPLE_NAME.exec(name);
  if (!m) return undefined;
  const flat = m[1]!;
  return declared.find((type) => type.replaceAll('/', '_') === flat) ?? flat.replace('_', '/');
}

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

function checkCsv(name: string, text: string, variables: Variables, issues: Issue[]): void {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return void issues.push({ path: name, message: 'is empty' });
  lines.forEach((line, row) => {
    const fields = parseCsvRecord(line);
    if (!fields) return void issues.push({ path: `${name}:${row + 1}`, message: 'not a CSV record: a quoted field is not closed' });
    if (fields.length !== variables.length) {
      return void issues.push({
        path: `${name}:${row + 1}`,
        message: `has ${fields.length} value(s), the input variable list has ${variables.length} (${variables.map(([n]) => n).join(', ')})`,
      });
    }
    variables.forEach(([field, type], col) => {
      if (type === 'NUMERIC' && !isNumeric(fields[col])) {
        issues.push({ path: `${name}:${row + 1}.${field}`, message: `NUMERIC variable has value ${JSON.stringify(fields[col])}` });
      }
    });
  });
}

function checkJson(name: string, text: string, variables: Variables, issues: Issue[]): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return void issues.push({ path: name, message: `not JSON: ${(err as Error).message}` });
  }
  const records = Array.isArray(value) ? value : [value];
  records.forEach((record, i) => {
    const where = Array.isArray(value) ? `${name}[${i}]` : name;
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      return void issues.push({ path: where, message: `must be a JSON object of input variables, got ${JSON.stringify(record)?.slice(0, 80)}` });
    }
    const obj = record as Record<string, unknown>;
    const missing = variables.filter(([field]) => !(field in obj)).map(([field]) => field);
    if (missing.length > 0) issues.push({ path: where, message: `missing input variable(s): ${missing.join(', ')}` });
    for (const [field, type] of variables) {
      if (field in obj && type === 'NUMERIC' && !isNumeric(obj[field])) {
        issues.push({ path: `${where}.${field}`, message: `NUMERIC variable has value ${JSON.stringify(obj[field])}` });
      }
    }
  });
}

/** Throws an InventoryError listing every sample that does not match. */
export function validatePayloadSamples(samples: PayloadSample[], variables: Variables, contentTypes: readonly string[]): void {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const sample of samples) {
    const type = contentTypeOf(sample.name, contentTypes);
    if (type === undefined) continue; // not a sample (a README, a folder entry)
    if (!contentTypes.includes(type)) {
      issues.push({ path: sample.name, message: `content type ${type} is not one of the model's (${contentTypes.join(', ')})` });
      continue;
    }
    seen.add(type);
    const text = sample.content.toString('utf8');
    if (sample.name.endsWith('.csv')) checkCsv(sample.name, text, variables, issues);
    else checkJson(sample.name, text, variables, issues);
  }
  const withoutSample = contentTypes.filter((t) => !seen.has(t) && (t === 'text/csv' || t === 'application/json'));
  for (const type of withoutSample) issues.push({ path: '(payload)', message: `no sample for content type ${type}` });
  if (issues.length > 0) {
    throw new InventoryError(`payload does not match the input variables or content types (${issues.length} problem(s))`, issues, { status: 422 });
  }
}
