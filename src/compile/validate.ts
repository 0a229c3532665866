/**
 * Validation without writing anything: the configs load, the wiring resolves, and every
 * step builds. Returns every wiring decision, every unmatched input and every problem.
 */
import { SagewireError, type Issue } from '../errors.js';
import type { UnmatchedInput, WiringDecision } from '../resolve/resolver.js';
import { createTemplate, type CompileOptions } from './compile.js';

export interface ValidationReport {
  ok: boolean;
  decisions: WiringDecision[];
  unmatched: UnmatchedInput[];
  problems: Issue[];
  /** Where a cursus config is read differently on purpose (see CompileResult.notices). */
  notices: Issue[];
}

/** Config and DAG file errors are thrown (they stop everything); wiring and build problems are reported. */
export function validatePipeline(opts: Omit<CompileOptions, 'name'>): ValidationReport {
  const template = createTemplate(opts);
  const report = template.resolve();
  const problems = [...report.problems];
  let notices: Issue[] = [];
  if (problems.length === 0) {
    try {
      notices = template.generatePipeline().notices;
    } catch (err) {
      if (!(err instanceof SagewireError)) throw err;
      problems.push(...(err.issues.length > 0 ? err.issues : [{ path: '', message: err.message }]));
    }
  }
  return { ok: problems.length === 0, decisions: report.decisions, unmatched: report.unmatched, problems, notices };
}
