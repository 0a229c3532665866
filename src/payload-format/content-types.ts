/**
 * The payload content types sagewire writes and checks samples for: one table, read by the
 * payload script (what it renders and how it checks a user's own sample) and by the inventory
 * (which archive members are samples, and how a sample is checked at registration). A format
 * added here is handled by both.
 */
import { CONTENT_TYPE_EXTENSIONS, CONTENT_TYPES, type ContentType } from '../config/content-types.js';
import type { Issue } from '../errors.js';
import { csvRecord, parseCsvRecord } from './csv.js';
import { parseJsonInput } from '../fs/json-input.js';

/** One input field of the model, in request order. */
export interface PayloadVariable {
  name: string;
  type: 'NUMERIC' | 'TEXT';
}

/** One field of a sample request with its value. */
export interface PayloadField extends PayloadVariable {
  value: number | string;
}

export interface PayloadFormat {
  /** The content type, lower case: `text/csv`. */
  mime: string;
  /** The sample file's extension, without the dot. */
  extension: string;
  /** The sample request for these fields (the payload script). */
  render(fields: PayloadField[]): string;
  /** Problems of a user's own sample against the fields, paths relative to it (empty when fine; the payload script). */
  check(text: string, variables: readonly PayloadVariable[]): Issue[];
  /** Problems of a sample member at registration, each path starting with `name` (the inventory). */
  checkMember(name: string, text: string, variables: readonly PayloadVariable[]): Issue[];
}

/** A number as Python prints a float (`0` -> `0.0`), which is what the reference samples hold. */
export function formatNumeric(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(1) : String(value);
}

const isNumeric = (value: unknown) =>
  typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));

const csv: PayloadFormat & { mime: 'text/csv' } = {
  mime: 'text/csv',
  extension: CONTENT_TYPE_EXTENSIONS['text/csv'],
  render: (fields) => csvRecord(fields.map((f) => (typeof f.value === 'number' ? formatNumeric(f.value) : f.value))),
  check(text, variables) {
    const values = parseCsvRecord(text.replace(/^\uFEFF/, ''));
    if (!values) return [{ path: '', message: 'a quoted CSV field is not closed' }];
    const issues: Issue[] = [];
    if (values.length < variables.length) {
      issues.push({
        path: '',
        message: `has ${values.length} value(s) for ${variables.length} fields; missing: ${variables.slice(values.length).map((v) => v.name).join(', ')}`,
      });
    } else if (values.length > variables.length) {
      issues.push({ path: '', message: `has ${values.length} values for ${variables.length} fields (${values.length - variables.length} too many)` });
    }
    variables.forEach((v, i) => {
      const value = values[i];
      if (v.type === 'NUMERIC' && value !== undefined && !isNumeric(value)) issues.push({ path: v.name, message: `NUMERIC field has ${JSON.stringify(value)}` });
    });
    return issues;
  },
  checkMember(name, text, variables) {
    const issues: Issue[] = [];
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length === 0) return [{ path: name, message: 'is empty' }];
    lines.forEach((line, row) => {
      const fields = parseCsvRecord(line);
      if (!fields) return void issues.push({ path: `${name}:${row + 1}`, message: 'not a CSV record: a quoted field is not closed' });
      if (fields.length !== variables.length) {
        return void issues.push({
          path: `${name}:${row + 1}`,
          message: `has ${fields.length} value(s), the input variable list has ${variables.length} (${variables.map((v) => v.name).join(', ')})`,
        });
      }
      variables.forEach((v, col) => {
        if (v.type === 'NUMERIC' && !isNumeric(fields[col])) issues.push({ path: `${name}:${row + 1}.${v.name}`, message: `NUMERIC variable has value ${JSON.stringify(fields[col])}` });
      });
    });
    return issues;
  },
};

const json: PayloadFormat & { mime: 'application/json' } = {
  mime: 'application/json',
  extension: CONTENT_TYPE_EXTENSIONS['application/json'],
  render: (fields) =>
    `{${fields.map((f) => `${JSON.stringify(f.name)}: ${typeof f.value === 'number' ? formatNumeric(f.value) : JSON.stringify(f.value)}`).join(', ')}}`,
  check(text, variables) {
    const read = parseJsonInput(text);
    if (!read.ok) return read.issues.length > 0 ? read.issues : [{ path: '', message: `is ${read.message}` }];
    const parsed = read.value;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [{ path: '', message: 'must be a JSON object of field -> value' }];
    const record = parsed as Record<string, unknown>;
    const missing = variables.filter((v) => !(v.name in record)).map((v) => v.name);
    const issues: Issue[] = missing.length ? [{ path: '', message: `missing field(s): ${missing.join(', ')}` }] : [];
    for (const v of variables) {
      if (v.type === 'NUMERIC' && v.name in record && !isNumeric(record[v.name])) issues.push({ path: v.name, message: `NUMERIC field has ${JSON.stringify(record[v.name])}` });
    }
    return issues;
  },
  checkMember(name, text, variables) {
    const read = parseJsonInput(text);
    if (!read.ok) return read.issues.length > 0 ? read.issues.map((i) => ({ path: `${name}:${i.path}`, message: i.message })) : [{ path: name, message: read.message }];
    const value = read.value;
    const issues: Issue[] = [];
    const records = Array.isArray(value) ? value : [value];
    records.forEach((record, i) => {
      const where = Array.isArray(value) ? `${name}[${i}]` : name;
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        return void issues.push({ path: where, message: `must be a JSON object of input variables, got ${JSON.stringify(record)?.slice(0, 80)}` });
      }
      const obj = record as Record<string, unknown>;
      const missing = variables.filter((v) => !(v.name in obj)).map((v) => v.name);
      if (missing.length > 0) issues.push({ path: where, message: `missing input variable(s): ${missing.join(', ')}` });
      for (const v of variables) {
        if (v.name in obj && v.type === 'NUMERIC' && !isNumeric(obj[v.name])) issues.push({ path: `${where}.${v.name}`, message: `NUMERIC variable has value ${JSON.stringify(obj[v.name])}` });
      }
    });
    return issues;
  },
};

/** The render and checks of each content type of config/content-types.ts (a type without them fails the type-check). */
const BUILT_IN: { readonly [T in ContentType]: PayloadFormat & { mime: T } } = { 'text/csv': csv, 'application/json': json };

const FORMATS: PayloadFormat[] = CONTENT_TYPES.map((type) => BUILT_IN[type]);

/** Every format, in table order. */
export function payloadFormats(): readonly PayloadFormat[] {
  return FORMATS;
}

/** The format of a content type (case and spaces ignored); undefined when none. */
export function payloadFormat(contentType: string): PayloadFormat | undefined {
  const key = contentType.trim().toLowerCase();
  return FORMATS.find((f) => f.mime === key);
}

/** `text/csv`, index 0 -> `payload_text_csv_0.csv` (the content type as the user wrote it). */
export function sampleFileName(contentType: string, index: number, format: PayloadFormat): string {
  return `payload_${contentType.replaceAll('/', '_')}_${index}.${format.extension}`;
}

/**
 * The content type a sample member's base name stands for (`payload_<type, / as _>_<n>.<ext>`
 * with an extension of the table); `declared` resolves a type whose name holds `_`. Undefined
 * when the name is no sample's.
 */
export function sampleContentType(name: string, declared: readonly string[]): { contentType: string; format: PayloadFormat } | undefined {
  const m = /^(?:\.\/)?payload_(.+)_(\d+)\.([A-Za-z0-9]+)$/.exec(name);
  // the member is checked by the format its extension names
  const format = m ? FORMATS.find((f) => f.extension === m[3]) : undefined;
  if (!m || !format) return undefined;
  const flat = m[1]!;
  return { contentType: declared.find((type) => type.replaceAll('/', '_') === flat) ?? flat.replace('_', '/'), format };
}

/** Test seam: the table with `format` added until the returned function is called. */
export function addPayloadFormatForTest(format: PayloadFormat): () => void {
  FORMATS.push(format);
  return () => {
    const i = FORMATS.indexOf(format);
    if (i >= 0) FORMATS.splice(i, 1);
  };
}
