import { ScriptError, type Issue } from '../../errors.js';
import { csvRecord, parseCsvRecord } from '../../payload-format/csv.js';
import { formatNumeric, type SampleField } from './sample-values.js';
import type { Variable } from './variables.js';

/** How one content type's sample is written and how a custom sample is checked. */
export interface ContentTypeFormat {
  extension: 'csv' | 'json';
  render(fields: SampleField[]): string;
  /** Problems of a user's custom sample against the input fields (empty when fine). */
  check(text: string, variables: Variable[]): Issue[];
}

const isNumeric = (value: unknown) =>
  typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));

const csv: ContentTypeFormat = {
  extension: 'csv',
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
      if (v.type === 'NUMERIC' && value !== undefined && !isNumeric(value)) {
        issues.push({ path: v.name, message: `NUMERIC field has ${JSON.stringify(value)}` });
      }
    });
    return issues;
  },
};

const json: ContentTypeFormat = {
  extension: 'json',
  render: (fields) =>
    `{${fields
      .map((f) => `${JSON.stringify(f.name)}: ${typeof f.value === 'number' ? formatNumeric(f.value) : JSON.stringify(f.value)}`)
      .join(', ')}}`,
  check(text, variables) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return [{ path: '', message: `is not valid JSON (${(err as Error).message})` }];
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return [{ path: '', message: 'must be a JSON object of field -> value' }];
    }
    const record = parsed as Record<string, unknown>;
    const missing = variables.filter((v) => !(v.name in record)).map((v) => v.name);
    const issues: Issue[] = missing.length ? [{ path: '', message: `missing field(s): ${missing.join(', ')}` }] : [];
    for (const v of variables) {
      if (v.type === 'NUMERIC' && v.name in record && !isNumeric(record[v.name])) {
        issues.push({ path: v.name, message: `NUMERIC field has ${JSON.stringify(record[v.name])}` });
      }
    }
    return issues;
  },
};

/** The content types sagewire can write samples for. */
export const CONTENT_TYPES: Readonly<Record<string, ContentTypeFormat>> = {
  'text/csv': csv,
  'application/json': json,
};

/** The default when neither the config nor the command line names content types. */
export const DEFAULT_CONTENT_TYPES = ['text/csv', 'application/json'];

/** The format of a content type; an unsupported one is a ScriptError naming it. */
export function contentTypeFormat(contentType: string, source: string): ContentTypeFormat {
  const key = contentType.trim().toLowerCase();
  const format = Object.hasOwn(CONTENT_TYPES, key) ? CONTENT_TYPES[key] : undefined;
  if (!format) {
    throw new ScriptError(
      `${source}: unsupported content type ${JSON.stringify(contentType)}; supported: ${Object.keys(CONTENT_TYPES).join(', ')}`,
    );
  }
  return format;
}

/** `text/csv`, index 0 -> `payload_text_csv_0.csv`. */
export function sampleFileName(contentType: string, index: number, format: ContentTypeFormat): string {
  return `payload_${contentType.replaceAll('/', '_')}_${index}.${format.extension}`;
}
