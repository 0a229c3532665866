import { mkdir, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ScriptError } from '../../errors.js';

/**
 * Creates the output folder and returns `<outDir>/<fileName>`. Refuses an output that would
 * overwrite one of the inputs: nothing the user gave is ever modified.
 */
export async function prepareOutput(outDir: string, fileName: string, inputs: string[]): Promise<string> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (err) {
    throw new ScriptError(`output folder ${outDir}: cannot create it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const output = join(await realpath(outDir), fileName);
  for (const input of inputs) {
    const real = await realpath(input).catch(() => resolve(input));
    if (real === output) {
      throw new ScriptError(`output ${output}: is the input ${input}; choose another output folder (inputs are never modified)`);
    }
  }
  return output;
}
