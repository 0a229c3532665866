/**
 * Checks on archives a registration points at, through the archive engine (streaming, with
 * its limits): the model package must contain `code/<SAGEMAKER_PROGRAM>`; payload samples are
 * read for {@link validatePayloadSamples}.
 */
import { readArchiveMember, scanArchive } from '../../archive/index.js';
import { ArchiveError, InventoryError, SagewireError } from '../../errors.js';
import type { PayloadSample } from './validate-payload.js';

const SAMPLE = /^payload_.+_\d+\.(csv|json)$/;
/** Samples are small; a payload archive past these limits is not a payload. */
const PAYLOAD_LIMITS = { maxEntries: 10_000, maxTotalBytes: 256 * 1024 * 1024 };

async function fileNames(path: string, what: string, limits?: { maxEntries: number; maxTotalBytes: number }): Promise<Set<string>> {
  const names = new Set<string>();
  try {
    await scanArchive(path, {
      ...(limits ? { limits } : {}),
      onEntry: (entry) => {
        if (entry.type === 'file') names.add(entry.name);
      },
    });
  } catch (err) {
    if (err instanceof SagewireError) throw new InventoryError(`${what} is not a readable tar.gz: ${err.message}`, err.issues, { status: 422, cause: err });
    throw err;
  }
  return names;
}

/** Throws unless `path` is a readable model.tar.gz holding `code/<program>`. */
export async function checkModelPackage(path: string, program: string, what = 'model artifact'): Promise<void> {
  const names = await fileNames(path, what);
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
}

/** The sample members (`payload_<type>_<n>.<csv|json>`, at any depth) of a payload.tar.gz. */
export async function readPayloadSamples(path: string, what = 'payload artifact'): Promise<PayloadSample[]> {
  const names = [...(await fileNames(path, what, PAYLOAD_LIMITS))].filter((n) => SAMPLE.test(n.slice(n.lastIndexOf('/') + 1)));
  if (names.length === 0) throw new InventoryError(`${what} holds no payload_<content type>_<n>.csv|json sample`, [], { status: 422 });
  const samples: PayloadSample[] = [];
  for (const name of names.sort()) {
    try {
      samples.push({ name: name.slice(name.lastIndexOf('/') + 1), content: await readArchiveMember(path, name) });
    } catch (err) {
      if (err instanceof ArchiveError) throw new InventoryError(`${what}: ${err.message}`, [], { status: 422, cause: err });
      throw err;
    }
  }
  return samples;
}
