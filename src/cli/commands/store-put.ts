/**
 * `sagewire store put <path> <s3-uri>`: puts a local file, or every file under a folder, into the
 * local object store that `sagewire run` reads (a folder, default `.sagewire/store`), so a
 * pipeline's `s3://` inputs exist before a local run. A folder needs a prefix URI ending in `/`.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { NotFoundError, UsageError } from '../../errors.js';
import { FolderStore, joinS3Uri, parseS3Uri } from '../../store/index.js';
import type { CommandContext, CommandResult } from '../context.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const source = resolve(ctx.cwd, String(opts.path));
  const uri = String(opts.uri);
  const { key } = parseS3Uri(uri);
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new NotFoundError(`${source} does not exist`);
  const storeDir = resolve(ctx.cwd, String(opts.store ?? '.sagewire/store'));
  const store = new FolderStore(storeDir);
  let objects;
  if (info.isDirectory()) {
    if (key !== '' && !uri.endsWith('/')) throw new UsageError(`${source} is a folder: give a prefix ending in "/" (e.g. ${uri}/)`);
    objects = await store.uploadDirectory(source, uri);
  } else if (info.isFile()) {
    const target = key === '' || uri.endsWith('/') ? joinS3Uri(uri, basename(source)) : uri;
    objects = [await store.putFile(target, source)];
  } else {
    throw new UsageError(`${source} is not a file or folder`);
  }
  const bytes = objects.reduce((sum, o) => sum + o.size, 0);
  const lines = objects.map((o) => `  ${o.uri} (${o.size} B)`);
  return {
    data: { store: storeDir, objects: objects.map((o) => ({ uri: o.uri, size: o.size })) },
    text: [`put ${objects.length} object(s), ${bytes} B, into the local store ${storeDir}:`, ...lines].join('\n'),
  };
}
