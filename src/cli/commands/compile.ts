/** `sagewire compile --dag --config [--name] [--out]`: DAG + config -> definition (+ assets manifest). */
import { resolve } from 'node:path';
import { compile } from '../../compile/compile.js';
import { writeCompileResult } from '../../compile/write-output.js';
import type { CommandContext, CommandResult } from '../context.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const result = compile({
    dag: resolve(ctx.cwd, String(opts.dag)),
    configFile: resolve(ctx.cwd, String(opts.config)),
    ...(typeof opts.name === 'string' ? { name: opts.name } : {}),
  });
  const summary = {
    pipelineName: result.pipelineName,
    steps: (result.definition.Steps as unknown[]).length,
    assets: result.manifest.assets.length,
    wiring: result.resolution.decisions.map((d) => ({ consumer: d.consumer, input: d.input, producer: d.producer, output: d.output })),
  };
  if (typeof opts.out !== 'string') {
    return { data: { ...summary, definition: result.definition, manifest: result.manifest }, text: result.definitionJson };
  }
  const written = await writeCompileResult(result, resolve(ctx.cwd, opts.out));
  return {
    data: { ...summary, ...written },
    text: `compiled ${result.pipelineName}: ${summary.steps} steps, ${summary.assets} assets\n  definition: ${written.definition}\n  assets:     ${written.manifest}`,
  };
}
