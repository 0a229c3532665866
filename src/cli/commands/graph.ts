/** `sagewire graph <pipeline.json>`: draws a definition (not run) as HTML, Mermaid or DOT. */
import { basename, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { loadDefinition, planRun } from '../../local/index.js';
import { graphFromPlan, renderDot, renderHtml, renderMermaid } from '../../report/index.js';
import type { CommandContext, CommandResult } from '../context.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const chosen = [opts.format, opts.html && 'html', opts.mermaid && 'mermaid', opts.dot && 'dot'].filter(Boolean) as string[];
  if (new Set(chosen).size > 1) throw new UsageError(`choose one output format, got ${[...new Set(chosen)].join(' and ')}`);
  const format = chosen[0] ?? 'mermaid';
  const path = resolve(ctx.cwd, String(opts.pipeline));
  const plan = planRun(await loadDefinition(path), { strict: false });
  const graph = graphFromPlan(plan, basename(path).replace(/\.json$/i, ''));
  const text = format === 'html' ? renderHtml(graph) : format === 'dot' ? renderDot(graph) : renderMermaid(graph);
  if (opts.out) {
    const out = resolve(ctx.cwd, String(opts.out));
    await writeFileAtomic(out, text);
    return { data: { format, out, steps: graph.nodes.length }, text: `wrote ${out} (${graph.nodes.length} steps, ${format})` };
  }
  return { data: { format, steps: graph.nodes.length, text }, text };
}
