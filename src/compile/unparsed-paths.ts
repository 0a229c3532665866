/**
 * The path checks of a step whose config failed its schema: every path field that is itself
 * valid is checked as a built step would check it, so that a schema error does not hide a
 * missing folder or script of the same step.
 */
import { join, resolve } from 'node:path';
import { FILE_PATH_FIELDS, FOLDER_PATH_FIELDS, isLocalPath } from '../config/file/paths.js';
import type { UnparsedEntry } from '../config/file/read-config-file.js';
import type { ScriptContract } from '../spec/contract.js';
import type { AssetCollector } from '../steps/kit/assets.js';
import { isBundleContract, runsUserScript, type ScriptFields } from '../steps/kit/node-script.js';

/**
 * Records, in `assets`, the problems of `entry`'s valid local path fields (`<step>.<field>`);
 * `contract` is that of the step type's definition, when it has one.
 */
export function checkUnparsedPaths(step: string, entry: UnparsedEntry, assets: AssetCollector, contract?: ScriptContract): void {
  const f = entry.fields;
  const valid = (field: string) => !entry.invalid.includes(field) && isLocalPath(f[field]);
  const root = resolve(entry.baseDir, valid('project_root') ? (f.project_root as string) : '.');
  const at = (field: string) => resolve(root, f[field] as string);
  for (const field of FOLDER_PATH_FIELDS) if (valid(field)) assets.checkFolder(at(field), `${step}.${field}`);
  for (const field of FILE_PATH_FIELDS) if (valid(field)) assets.addFile(at(field), `${step}.${field}`);
  const scriptFields = ['processing_source_dir', 'processing_entry_point', 'processing_entry_point_is_user_script'] as const;
  if (!valid('processing_source_dir') || scriptFields.some((k) => entry.invalid.includes(k))) return;
  const entryPoint = f.processing_entry_point;
  if (typeof entryPoint !== 'string') return;
  // The built step's rule: a bundle step reads the entry point from the folder unless it names the bundle.
  const bundle = contract && isBundleContract(contract) ? contract.entryPoint : undefined;
  if (runsUserScript(f as ScriptFields, bundle)) assets.addFile(join(at('processing_source_dir'), entryPoint), `${step}.processing_entry_point`);
}
