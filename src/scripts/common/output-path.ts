import { mkdir, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { ScriptError } from '../../errors.js';

/**
 * Creates the output folder and returns `<outDir>/<fileName>`. Refuses, before creating
 * anything, an output that would overwrite an input file or land inside an input folder:
 * nothing the user gave is modified.
 */
export async function prepareOutput(outDir: string, fileName: string, inputs: string[]): Promise<string> {
  const output = join(await realpathAllowingMissing(outDir), fileName);
  for (const input of inputs) {
    const real = await realpathAllowingMissing(input);
    if (real === output) {
      throw new ScriptError(`output ${output}: is the input ${input}; choose another output folder (inputs are never modified)`);
    }
    if (output.startsWith(`${real}${sep}`)) {
      throw new ScriptError(`output ${output}: is inside the input folder ${input}; choose another output folder (inputs are never modified)`);
    }
  }
  try {
    await mkdir(dirname(output), { recursive: true });
  } catch (err) {
    throw new ScriptError(`output folder ${outDir}: cannot create it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return output;
}

/** The real path of `path`, resolving symlinks of the part that exists. */
async function realpathAllowingMissing(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(await realpathAllowingMissing(parent), basename(absolute));
  }
}
