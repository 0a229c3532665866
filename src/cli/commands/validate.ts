/** `sagewire validate --dag --config [--json]`: every wiring decision and unmatched input; exit 1 on a problem. */
import { resolve } from 'node:path';
import { validatePipeline, type ValidationReport } from '../../compile/validate.js';
import type { CommandContext, CommandResult } from '../context.js';
import { jsonError } from '../json-error.js';
import { printableLines } from '../printable.js';

function render(r: ValidationReport): string {
  const lines: string[] = ['wiring:'];
  for (const d of r.decisions) {
    lines.push(`  ${d.consumer}.${d.input} <- ${d.producer}.${d.output}  score ${d.score.toFixed(2)}  (${d.why})`);
  }
  if (r.decisions.length === 0) lines.push('  (none)');
  lines.push('unmatched inputs:');
  for (const u of r.unmatched) lines.push(`  ${u.consumer}.${u.input} [${u.required ? 'required' : 'optional'}]: ${u.reason}`);
  if (r.unmatched.length === 0) lines.push('  (none)');
  if (r.problems.length > 0) {
    lines.push(`problems (${r.problems.length}):`);
    for (const p of r.problems) lines.push(`  ${p.path ? `${p.path}: ` : ''}${p.message}`);
  }
  lines.push(r.ok ? 'ok' : 'NOT OK');
  return printableLines(lines.join('\n'));
}

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const report = validatePipeline({ dag: resolve(ctx.cwd, String(opts.dag)), configFile: resolve(ctx.cwd, String(opts.config)) });
  for (const n of report.notices) ctx.log(`notice: ${n.path}: ${n.message}`);
  if (report.ok) return { data: report, text: render(report) };
  const n = report.problems.length;
  return {
    data: report,
    text: render(report),
    exitCode: 1,
    error: jsonError('RESOLUTION', `${n} problem${n === 1 ? '' : 's'} in the pipeline`, report.problems),
  };
}
