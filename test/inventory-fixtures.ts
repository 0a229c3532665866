/** Tiny archives for tests: a packaged model (code/inference.py) and a payload of samples. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createArchive } from '../src/archive/index.js';

export async function writeModelPackage(dir: string, opts: { program?: string | null; weights?: string; name?: string } = {}): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const output = join(dir, opts.name ?? 'model.tar.gz');
  const files = [{ name: 'model.pth', source: Buffer.from(opts.weights ?? 'weights-v1') }];
  if (opts.program !== null) files.push({ name: `code/${opts.program ?? 'inference.py'}`, source: Buffer.from('def model_fn(d):\n    return d\n') });
  await createArchive({ output, files });
  return output;
}

/** Samples for the variables of {@link sampleConfig} (amount NUMERIC, country TEXT). */
export async function writePayload(dir: string, csv = '12.5,FR', json = '{"amount": 12.5, "country": "FR"}'): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const output = join(dir, 'payload.tar.gz');
  await createArchive({
    output,
    files: [
      { name: 'payload_text_csv_0.csv', source: Buffer.from(csv) },
      { name: 'payload_application_json_0.json', source: Buffer.from(json) },
    ],
  });
  return output;
}
