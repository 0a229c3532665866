/** `sagewire validate --dag --config [--json]`: every wiring decision and unmatched input; exit 1 on a problem. */
import { resolve } from 'node:path';
import { validatePipeline, type ValidationReport } from '../../compile/validate.js';
import type { CommandContext, CommandResult } from '../context.js';
import { jsonError } from '../json-error.js';
import { describeIssues, printableLines } from '../printable.js';

function render(r: ValidationReport): string {
  const lines: string[] = ['wiring:'];
  for (const d of r.decisions) {
    lines.push(`  ${d.consumer}.${d.input} <- ${d.producer}.${d.output}  score ${d.score.toFixed(2)}  (${d.why})`);
  }
  if (r.decisions.length === 0) lines.push('  (none)');
  lines.push('unmatched inputs:');
  for (const u of r.unmatched) lines.push(`  ${u.consumer}.${u.input} [${u.required ? 'required' : 'optional'}]: ${u.reason}`);
  if (r.unmatched.length === 0) lines.push('  (none)');
  const text = printableLines(lines.join('\n'));
  return `${text}\n${r.ok ? 'ok' : `NOT OK (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}, listed on stderr)`}`;
}

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  // The code stays out of the report printed with --json (it is error.code there).
  const { errorCode, ...report } = validatePipeline({ dag: resolve(ctx.cwd, String(opts.dag)), configFile: resolve(ctx.cwd, String(opts.config)) });
  for (const n of report.notices) ctx.log(`notice: ${n.path}: ${n.message}`);
  if (report.ok) return { data: report, text: render(report) };
  const n = report.problems.length;
  // Every problem on stderr, as every command prints its errors (config, paths, files and wiring together);
  // the code is the one compile fails with for the same problems.
  const code = errorCode ?? 'CONFIG';
  const message = `${n} problem${n === 1 ? '' : 's'} in the pipeline`;
  ctx.log(`error [${code}]: ${describeIssues(message, report.problems)}`);
  return {
    data: report,
    text: render(report),
    exitCode: 1,
    error: jsonError(code, message, report.problems),
  };
}
