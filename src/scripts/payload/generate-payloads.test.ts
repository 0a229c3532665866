import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gnuTarCreate, gnuTarExtract, gnuTarList, writeTree } from '../../../test/helpers/file-trees.js';
import type { PayloadScriptConfig } from '../../steps/payload/contract.js';
import { injectHyperparameters } from '../dummy-training/inject-hyperparameters.js';
import { generatePayloads } from './generate-payloads.js';

let root: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sagewire-payload-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const HP = { tab_field_list: ['price', 'qty'], cat_field_list: ['city'], label_name: 'label', id_name: 'order_id', full_field_list: ['order_id', 'price', 'qty', 'city', 'label'] };

/** A model.tar.gz made by GNU tar, so its members are named `./...`. */
async function modelArchive(files: Record<string, string>): Promise<string> {
  const dir = join(root, `m${n++}`);
  await writeTree(join(dir, 'tree'), { files: new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])), dirs: new Set() });
  await gnuTarCreate(join(dir, 'model.tar.gz'), join(dir, 'tree'));
  return join(dir, 'model.tar.gz');
}

async function samples(archive: string): Promise<Record<string, string>> {
  const dir = join(root, `x${n++}`);
  await gnuTarExtract(archive, dir);
  const names = await readdir(dir);
  return Object.fromEntries(await Promise.all(names.sort().map(async (f) => [f, await readFile(join(dir, f), 'utf8')])));
}

describe('generatePayloads', () => {
  it('reads the fields from ./hyperparameters.json in the model archive and packs one sample per type at the root', async () => {
    const model = await modelArchive({ 'hyperparameters.json': JSON.stringify(HP), 'w.bin': 'x' });
    const out = join(root, `o${n++}`);
    const summary = await generatePayloads({ model, outDir: out });
    expect(summary.variablesFrom).toBe(`${model}: hyperparameters.json`);
    expect(summary.files).toEqual(['payload_text_csv_0.csv', 'payload_application_json_1.json']);
    expect(await gnuTarList(summary.output)).toEqual(['payload_text_csv_0.csv', 'payload_application_json_1.json']);
    expect(await samples(summary.output)).toEqual({
      'payload_application_json_1.json': '{"price": 0.0, "qty": 0.0, "city": "DEFAULT_TEXT"}',
      'payload_text_csv_0.csv': '0.0,0.0,DEFAULT_TEXT',
    });
    expect(await readdir(out)).toEqual(['payload.tar.gz']);
  });

  it('trusting the index (an archive dummy training wrote), reads hyperparameters.json from its recorded place; a forged one falls back to the full pass', async () => {
    const model = await modelArchive({ 'w.bin': 'x'.repeat(100_000) });
    await writeFile(join(root, 'hp-in.json'), JSON.stringify(HP));
    const trained = await injectHyperparameters({ model, hyperparameters: join(root, 'hp-in.json'), outDir: join(root, `t${n++}`) });
    const lines: string[] = [];
    const fast = await generatePayloads({ model: trained.output, outDir: join(root, `o${n++}`), trustIndex: true, log: (line) => lines.push(line) });
    expect(lines).toContain("read hyperparameters.json from its place in the archive's index (the archive before it was not inflated)");
    const full = await generatePayloads({ model: trained.output, outDir: join(root, `o${n++}`) });
    expect(await samples(fast.output)).toEqual(await samples(full.output));
    // A changed byte in the index: the full pass reads it, and says why.
    const bytes = await readFile(trained.output);
    bytes[20] = (bytes[20] as number) ^ 1;
    await writeFile(trained.output, bytes);
    lines.length = 0;
    const fallback = await generatePayloads({ model: trained.output, outDir: join(root, `o${n++}`), trustIndex: true, log: (line) => lines.push(line) });
    expect(lines.some((line) => line.startsWith('reading the whole archive for hyperparameters.json: '))).toBe(true);
    expect(await samples(fallback.output)).toEqual(await samples(full.output));
  });

  it('reads hyperparameters.json from a model folder and applies the config values', async () => {
    const dir = join(root, `f${n++}`);
    await mkdir(dir);
    await writeFile(join(dir, 'hyperparameters.json'), JSON.stringify(HP));
    const config: PayloadScriptConfig = {
      content_types: ['application/json', 'text/csv'],
      default_numeric_value: 1.5,
      default_text_value: 'n/a',
      field_defaults: { city: 'Paris, "FR"', qty: 3 },
    };
    const summary = await generatePayloads({ model: dir, config, outDir: join(root, `o${n++}`) });
    expect(await samples(summary.output)).toEqual({
      'payload_application_json_0.json': '{"price": 1.5, "qty": 3.0, "city": "Paris, \\"FR\\""}',
      'payload_text_csv_1.csv': '1.5,3.0,"Paris, ""FR"""',
    });
  });

  it('takes the config variable list over the model, and --content-types over the config', async () => {
    const config: PayloadScriptConfig = { content_types: ['application/json'], input_variable_list: [['b', 'TEXT'], ['a', 'NUMERIC']] };
    await expect(generatePayloads({ model: join(root, 'absent'), config, outDir: join(root, `o${n++}`) })).rejects.toThrow(`model: ${join(root, 'absent')} does not exist`);
    const model = await modelArchive({ 'hyperparameters.json': JSON.stringify(HP) });
    const summary = await generatePayloads({ model, config, contentTypes: ['text/csv'], outDir: join(root, `o${n++}`) });
    expect(summary.variablesFrom).toBe('payload config.input_variable_list');
    expect(await samples(summary.output)).toEqual({ 'payload_text_csv_0.csv': 'DEFAULT_TEXT,0.0' });
  });

  it('ships a valid custom sample as is and lists the fields a bad one misses', async () => {
    const base: PayloadScriptConfig = { content_types: ['application/json', 'text/csv'], input_variable_list: { a: 'NUMERIC', b: 'TEXT', c: 'TEXT' } };
    const ok = await generatePayloads({
      config: { ...base, custom_payloads: { 'application/json': '{"a": 7, "b": "x", "c": "y"}' } },
      outDir: join(root, `o${n++}`),
    });
    expect((await samples(ok.output))['payload_application_json_0.json']).toBe('{"a": 7, "b": "x", "c": "y"}');

    const out = join(root, `o${n++}`);
    await expect(
      generatePayloads({ config: { ...base, custom_payloads: { 'application/json': '{"a": 7}', 'text/csv': 'x' } }, configSource: 'cfg.json', outDir: out }),
    ).rejects.toMatchObject({
      message: 'cfg.json: custom payload does not match the 3 input fields',
      issues: [
        { path: 'cfg.json.custom_payloads["application/json"]', message: 'missing field(s): b, c' },
        { path: 'cfg.json.custom_payloads["text/csv"]', message: 'has 1 value(s) for 3 fields; missing: b, c' },
        { path: 'cfg.json.custom_payloads["text/csv"].a', message: 'NUMERIC field has "x"' },
      ],
    });
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it('names an unsupported content type, and a custom sample for a type not generated', async () => {
    const config: PayloadScriptConfig = { content_types: ['text/csv', 'image/png'], input_variable_list: { a: 'NUMERIC' } };
    await expect(generatePayloads({ config, configSource: 'cfg.json', outDir: join(root, `o${n++}`) })).rejects.toThrow(
      'cfg.json: unsupported content type "image/png"; supported: text/csv, application/json',
    );
    await expect(
      generatePayloads({ config: { ...config, content_types: ['text/csv'], custom_payloads: { 'application/json': '{}' } }, configSource: 'cfg.json', outDir: join(root, `o${n++}`) }),
    ).rejects.toThrow('cfg.json.custom_payloads: content type(s) application/json are not in the content types (text/csv)');
  });

  it('says both when neither the config nor the model gives fields', async () => {
    const model = await modelArchive({ 'w.bin': 'x' });
    await expect(generatePayloads({ model, outDir: join(root, `o${n++}`) })).rejects.toThrow(
      `no input fields: no payload config was given and the model ${model} has no hyperparameters.json`,
    );
    const withHp = await modelArchive({ 'hyperparameters.json': '{"lr": 0.1}' });
    await expect(generatePayloads({ model: withHp, config: { content_types: ['text/csv'] }, configSource: 'cfg.json', outDir: join(root, `o${n++}`) })).rejects.toThrow(
      `no input fields: cfg.json has no input_variable_list and ${withHp}: hyperparameters.json has none of tab_field_list, cat_field_list, full_field_list`,
    );
  });

  it('names the archive entry of invalid hyperparameters JSON', async () => {
    const model = await modelArchive({ 'hyperparameters.json': '{"tab_field_list": [1,}' });
    await expect(generatePayloads({ model, outDir: join(root, `o${n++}`) })).rejects.toThrow(
      `${model}: hyperparameters.json: not valid JSON at line 1, column 23 (offset 22): expected a value, found "}"`,
    );
  });
});
