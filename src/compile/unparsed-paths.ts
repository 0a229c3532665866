/**
 * The path checks of a step whose config failed its schema: every path field that is itself
 * valid is checked as a built step would check it, so that a schema error does not hide a
 * missing folder or script of the same step.
 */
import { join, resolve } from 'node:path';
import type { UnparsedEntry } from '../config/file/read-config-file.js';
import type { AssetCollector } from '../steps/kit/assets.js';
import { sagewireScriptForCursus } from '../steps/kit/node-script.js';

const FOLDER_FIELDS = ['source_dir', 'processing_source_dir', 'inference_scripts_dir', 'calibration_dir'] as const;
const FILE_FIELDS = ['pretrained_model_path', 'model_data', 'custom_payload_path'] as const;

function localPath(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

/** Records, in `assets`, the problems of `entry`'s valid local path fields (`<step>.<field>`). */
export function checkUnparsedPaths(step: string, entry: UnparsedEntry, assets: AssetCollector): void {
  const f = entry.fields;
  const valid = (field: string) => !entry.invalid.includes(field) && localPath(f[field]);
  const root = resolve(entry.baseDir, valid('project_root') ? (f.project_root as string) : '.');
  const at = (field: string) => resolve(root, f[field] as string);
  for (const field of FOLDER_FIELDS) if (valid(field)) assets.checkFolder(at(field), `${step}.${field}`);
  for (const field of FILE_FIELDS) if (valid(field)) assets.addFile(at(field), `${step}.${field}`);
  const entryPoint = f.processing_entry_point;
  if (valid('processing_source_dir') && typeof entryPoint === 'string' && !entry.invalid.includes('processing_entry_point')) {
    // cursus's own script names and sagewire's bundles are not read from the folder.
    if (f.processing_entry_point_is_user_script === true || (!sagewireScriptForCursus(entryPoint) && !entryPoint.endsWith('.mjs'))) {
      assets.addFile(join(at('processing_source_dir'), entryPoint), `${step}.processing_entry_point`);
    }
  }
}
