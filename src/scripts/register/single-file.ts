/** The one file in an input folder (seed 002: the model input holds exactly one model file). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ScriptError } from '../../errors.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** Throws naming the folder and listing what is there unless it holds exactly one file. */
export function singleFileIn(dir: string, what: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ScriptError(`${what}: folder ${dir} does not exist`);
  const files = filesUnder(dir);
  if (files.length === 1) return files[0]!;
  if (files.length === 0) throw new ScriptError(`${what}: no file in ${dir}; expected exactly one (the packaged model.tar.gz)`);
  throw new ScriptError(
    `${what}: ${files.length} files in ${dir}; expected exactly one`,
    files.map((f) => ({ path: relative(dir, f), message: 'found' })),
  );
}

/** The payload archive in the optional payload folder: none when the folder is absent or empty. */
export function payloadFileIn(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const files = filesUnder(dir);
  if (files.length === 0) return undefined;
  if (files.length === 1) return files[0];
  const named = files.find((f) => f.endsWith('/payload.tar.gz'));
  if (named) return named;
  throw new ScriptError(
    `payload input: ${files.length} files in ${dir} and none is payload.tar.gz`,
    files.map((f) => ({ path: relative(dir, f), message: 'found' })),
  );
}
