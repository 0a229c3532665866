/**
 * Validation without writing anything: the configs load, the wiring resolves, and every
 * step builds. Returns every wiring decision, every unmatched input and every problem.
 */
import type { ErrorCode, Issue } from '../errors.js';
import type { UnmatchedInput, WiringDecision } from '../resolve/resolver.js';
import { createTemplate, type CompileOptions } from './compile.js';

export interface ValidationReport {
  ok: boolean;
  decisions: WiringDecision[];
  unmatched: UnmatchedInput[];
  problems: Issue[];
  /** Where a cursus config is read differently on purpose (see CompileResult.notices). */
  notices: Issue[];
  /** With problems: the code compile fails with for them (see CheckReport.errorCode). */
  errorCode?: ErrorCode;
}

/**
 * A DAG file that cannot be read (or has a cycle) is thrown; every other problem (the config
 * file's schema, the graph's, the wiring's, each step's paths and files) is reported, all at once.
 */
export function validatePipeline(opts: Omit<CompileOptions, 'name'>): ValidationReport {
  const { resolution, problems, notices, errorCode } = createTemplate(opts).check();
  return { ok: problems.length === 0, decisions: resolution.decisions, unmatched: resolution.unmatched, problems, notices, ...(errorCode ? { errorCode } : {}) };
}
