import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.js';
import { InventoryError, ScriptError } from '../errors.js';
import { readPayloadSamples } from '../registry/workflow/archive-checks.js';
import { validatePayloadSamples } from '../registry/workflow/validate-payload.js';
import { generatePayloads } from '../scripts/payload/generate-payloads.js';
import { addPayloadFormatForTest, payloadFormat, sampleContentType, type PayloadFormat } from './content-types.js';

const TSV: PayloadFormat = {
  mime: 'text/tab-separated-values',
  extension: 'tsv',
  render: (fields) => fields.map((f) => String(f.value)).join('\t'),
  check: (text, variables) => (text.split('\t').length === variables.length ? [] : [{ path: '', message: 'wrong number of values' }]),
  checkMember: (name, text, variables) => (text.trim().split('\t').length === variables.length ? [] : [{ path: name, message: `needs ${variables.length} tab-separated values` }]),
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sagewire-formats-'));
  await mkdir(join(root, 'model'));
  await writeFile(join(root, 'model', 'hyperparameters.json'), JSON.stringify({ tab_field_list: ['price'], cat_field_list: ['city'], label_name: 'y', id_name: 'id', full_field_list: ['id', 'price', 'city', 'y'] }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const VARIABLES = [['price', 'NUMERIC'], ['city', 'TEXT']] as const;


/** The issues of the InventoryError `check` throws; fails the test when it throws nothing. */
const issuesOf = (check: () => void) => thrown(check, InventoryError).issues;

describe('the payload content-type table', () => {
  it('a format added to the table is written by the payload script and checked by the inventory', async () => {
    const remove = addPayloadFormatForTest(TSV);
    try {
      const summary = await generatePayloads({ model: join(root, 'model'), contentTypes: ['text/tab-separated-values', 'text/csv'], outDir: join(root, 'out1') });
      expect(summary.files).toEqual(['payload_text_tab-separated-values_0.tsv', 'payload_text_csv_1.csv']);
      const samples = await readPayloadSamples(summary.output);
      expect(samples.map((s) => s.name)).toEqual(['payload_text_csv_1.csv', 'payload_text_tab-separated-values_0.tsv']);
      expect(samples[1]!.content.toString()).toBe('0\tDEFAULT_TEXT');
      expect(() => validatePayloadSamples(samples, VARIABLES, ['text/tab-separated-values', 'text/csv'])).not.toThrow();
      // the inventory checks the member with the table's check, and misses a missing one
      const bad = [{ name: 'payload_text_tab-separated-values_0.tsv', content: Buffer.from('1.0') }];
      expect(() => validatePayloadSamples(bad, VARIABLES, ['text/tab-separated-values'])).toThrow(InventoryError);
      expect(issuesOf(() => validatePayloadSamples([], VARIABLES, ['text/tab-separated-values']))).toEqual([
        { path: '(payload)', message: 'no sample for content type text/tab-separated-values' },
      ]);
      expect(issuesOf(() => validatePayloadSamples(bad, VARIABLES, ['text/tab-separated-values']))).toEqual([
        { path: 'payload_text_tab-separated-values_0.tsv', message: 'needs 2 tab-separated values' },
      ]);
    } finally {
      remove();
    }
    // without the format, neither side knows it
    expect(payloadFormat('text/tab-separated-values')).toBeUndefined();
    expect(sampleContentType('payload_text_tab-separated-values_0.tsv', [])).toBeUndefined();
    await expect(generatePayloads({ model: join(root, 'model'), contentTypes: ['text/tab-separated-values'], outDir: join(root, 'out2') })).rejects.toThrow(ScriptError);
  });

  it('reads a sample name back to its content type, checking the member by its extension', () => {
    expect(sampleContentType('payload_text_csv_0.csv', ['text/csv'])).toMatchObject({ contentType: 'text/csv', format: { mime: 'text/csv' } });
    expect(sampleContentType('./payload_application_x_y_3.json', ['application/x_y'])).toMatchObject({ contentType: 'application/x_y', format: { mime: 'application/json' } });
    expect(sampleContentType('README.md', [])).toBeUndefined();
    expect(sampleContentType('payload_text_csv_0.npy', [])).toBeUndefined();
  });
});

describe('one list of content types', () => {
  it('the config schema, the demo and the payload table take the same types, from config/content-types.ts', async () => {
    const { CONTENT_TYPES, CONTENT_TYPE_EXTENSIONS } = await import('../config/content-types.js');
    const { contentTypeList } = await import('../config/variable-list.js');
    const { DEMO_CONFIG } = await import('../demo/demo-files.js');
    const { payloadFormats } = await import('./content-types.js');
    expect(payloadFormats().map((f) => [f.mime, f.extension])).toEqual(CONTENT_TYPES.map((t) => [t, CONTENT_TYPE_EXTENSIONS[t]]));
    const schema = contentTypeList(['text/csv']);
    for (const t of CONTENT_TYPES) expect(schema.safeParse([t]).success).toBe(true);
    const refused = schema.safeParse(['text/tab-separated-values']);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(`expected a non-empty list of ${CONTENT_TYPES.map((t) => JSON.stringify(t)).join(' / ')}`);
    const specific = DEMO_CONFIG.configuration.specific as Record<string, { source_model_inference_content_types?: string[] }>;
    const demoLists = Object.values(specific).flatMap((c) => (c.source_model_inference_content_types ? [c.source_model_inference_content_types] : []));
    expect(demoLists.length).toBeGreaterThan(0);
    for (const list of demoLists) expect(list).toEqual([...CONTENT_TYPES]);
  });
});
