/**
 * Checks on archives a registration points at, through the archive engine (streaming, with
 * its limits): the model package must contain `code/<SAGEMAKER_PROGRAM>`; payload samples are
 * read for {@link validatePayloadSamples}.
 */
import { scanArchive, type OnEntry } from '../../archive/index.js';
import { InventoryError, SagewireError } from '../../errors.js';
import { sampleContentType } from '../../payload-format/content-types.js';
import type { PayloadSample } from './validate-payload.js';

/** Samples are small; a payload archive past these limits is not a payload. */
const PAYLOAD_LIMITS = { maxEntries: 10_000, maxTotalBytes: 256 * 1024 * 1024 };

/** Scans the archive; returns the sha256 of its bytes, hashed in the same pass. */
async function scan(path: string, what: string, onEntry: OnEntry, limits?: { maxEntries: number; maxTotalBytes: number }): Promise<string> {
  try {
    return (await scanArchive(path, { ...(limits ? { limits } : {}), onEntry, sha256: true })).sha256 as string;
  } catch (err) {
    if (err instanceof SagewireError) throw new InventoryError(`${what} is not a readable tar.gz: ${err.message}`, err.issues, { status: 422, cause: err });
    throw err;
  }
}

/** Throws unless `path` is a readable model.tar.gz holding `code/<program>`; returns the file's sha256 (same pass). */
export async function checkModelPackage(path: string, program: string, what = 'model artifact'): Promise<string> {
  const names = new Set<string>();
  const sha256 = await scan(path, what, (entry) => {
    if (entry.type === 'file') names.add(entry.name);
  });
  const wanted = `code/${program}`;
  if (!names.has(wanted)) {
    const code = [...names].filter((n) => n.startsWith('code/'));
    throw new InventoryError(
      `${what} has no ${wanted} (SAGEMAKER_PROGRAM is ${program}); ` +
        (code.length > 0 ? `code/ holds ${code.slice(0, 10).join(', ')}` : 'it has no code/ folder: was it made by `sagewire package`?'),
      [],
      { status: 422 },
    );
  }
  return sha256;
}

/** The sample members (`payload_<type>_<n>.<csv|json>`, at any depth) of a payload.tar.gz, read in one pass. */
export async function readPayloadSamples(path: string, what = 'payload artifact'): Promise<PayloadSample[]> {
  return (await readPayloadArchive(path, what)).samples;
}

/** readPayloadSamples, and the file's sha256 from the same pass. */
export async function readPayloadArchive(path: string, what = 'payload artifact'): Promise<{ samples: PayloadSample[]; sha256: string }> {
  const samples: PayloadSample[] = [];
  const sha256 = await scan(
    path,
    what,
    async (entry, body) => {
      const base = entry.name.slice(entry.name.lastIndexOf('/') + 1);
      if (entry.type !== 'file' || !body || sampleContentType(base, []) === undefined) return;
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
      samples.push({ name: base, content: Buffer.concat(chunks) });
    },
    PAYLOAD_LIMITS,
  );
  if (samples.length === 0) throw new InventoryError(`${what} holds no payload_<content type>_<n>.csv|json sample`, [], { status: 422 });
  return { samples: samples.sort((a, b) => (a.name < b.name ? -1 : 1)), sha256 };
}
