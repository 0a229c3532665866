/**
 * `sagewire compile --dag --config [--name] [--out] [--local [store]]`: DAG + config ->
 * definition (+ assets manifest); `--local` also puts the assets into a local object store.
 */
import { resolve } from 'node:path';
import { compile } from '../../compile/compile.js';
import { writeCompileResult } from '../../compile/write-output.js';
import type { CommandContext, CommandResult } from '../context.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const result = compile({
    dag: resolve(ctx.cwd, String(opts.dag)),
    configFile: resolve(ctx.cwd, String(opts.config)),
    ...(typeof opts.name === 'string' ? { name: opts.name } : {}),
    // A definition for this machine only: its own steps use the host's node.
    ...(opts.local !== undefined && opts.local !== false ? { hostNode: true } : {}),
    ...(opts.vpc === false ? { vpc: false } : {}),
  });
  for (const n of result.notices) ctx.log(`notice: ${n.path}: ${n.message}`);
  const summary = {
    notices: result.notices,
    pipelineName: result.pipelineName,
    steps: (result.definition.Steps as unknown[]).length,
    assets: result.manifest.assets.length,
    wiring: result.resolution.decisions.map((d) => ({ consumer: d.consumer, input: d.input, producer: d.producer, output: d.output })),
  };
  let local = '';
  if (opts.local !== undefined && opts.local !== false) {
    const storeDir = resolve(ctx.cwd, typeof opts.local === 'string' ? opts.local : '.sagewire/store');
    // Loaded only for --local: the upload path brings child_process and the runtime cache.
    const [{ uploadAssets }, { FolderStore }] = await Promise.all([
      import('../../store/upload-assets.js'),
      import('../../store/folder-store.js'),
    ]);
    const up = await uploadAssets(result.manifest, new FolderStore(storeDir));
    local = `\n  local store: ${storeDir} (${up.uploaded.length} uploaded, ${up.skipped.length} unchanged)`;
    ctx.log(`assets in ${storeDir}: ${up.uploaded.length} uploaded, ${up.skipped.length} unchanged`);
  }
  if (typeof opts.out !== 'string') {
    return { data: { ...summary, definition: result.definition, manifest: result.manifest }, text: result.definitionJson };
  }
  const written = await writeCompileResult(result, resolve(ctx.cwd, opts.out));
  return {
    data: { ...summary, ...written },
    text: `compiled ${result.pipelineName}: ${summary.steps} steps, ${summary.assets} assets\n  definition: ${written.definition}\n  assets:     ${written.manifest}${local}`,
  };
}
