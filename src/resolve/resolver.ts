/**
 * The dependency resolver: wires each consumer input to one producer output, along DAG
 * edges only, from the step specifications.
 *
 * Rules (DESIGN.md): a producer output feeds at most one input of a consumer; a required
 * input with no match is a problem naming the step, the input and the best candidates; two
 * candidates within {@link AMBIGUITY_MARGIN} of each other are a problem, never a coin toss;
 * an optional input is wired only on an exact name/alias hit or a listed compatible source.
 */
import { ResolutionError, type Issue } from '../errors.js';
import { resolvableDependencies, type StepSpecification } from '../spec/specification.js';
import { scorePair } from './score.js';

/** The lowest score a required input accepts. */
export const MIN_SCORE = 0.5;
/** Two candidates closer than this cannot be told apart. */
export const AMBIGUITY_MARGIN = 0.1;

export interface ResolverNode {
  name: string;
  spec: StepSpecification;
}

export interface Candidate {
  producer: string;
  output: string;
  score: number;
  why: string;
}

/** One wiring decision: `consumer.input <- producer.output`. */
export interface WiringDecision {
  consumer: string;
  input: string;
  producer: string;
  output: string;
  /** The producer's property, in the specs' notation (`properties....`). */
  propertyPath: string;
  score: number;
  why: string;
}

/** An input that was not wired, and why. */
export interface UnmatchedInput {
  consumer: string;
  input: string;
  required: boolean;
  reason: string;
  /** The best candidates, highest score first (at most three). */
  candidates: Candidate[];
}

export interface ResolutionReport {
  decisions: WiringDecision[];
  unmatched: UnmatchedInput[];
  /** Required inputs left unmatched and ambiguous choices; empty when the wiring is sound. */
  problems: Issue[];
}

interface Pair extends Candidate {
  input: string;
  inputIndex: number;
  outputIndex: number;
  propertyPath: string;
}

function formatCandidates(cs: Candidate[]): string {
  return cs.length === 0 ? 'no candidates' : cs.map((c) => `${c.producer}.${c.output} (${c.score.toFixed(2)}: ${c.why})`).join(' | ');
}

/**
 * Resolves every node's inputs. `nodes` in topological order; `edges` as [from, to].
 * Never throws for wiring problems: they are in `problems` (see {@link assertResolved}).
 */
export function resolveDependencies(nodes: readonly ResolverNode[], edges: readonly (readonly [string, string])[]): ResolutionReport {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const predecessors = new Map<string, string[]>();
  for (const [from, to] of edges) {
    const list = predecessors.get(to) ?? [];
    if (!list.includes(from)) list.push(from);
    predecessors.set(to, list);
  }
  const report: ResolutionReport = { decisions: [], unmatched: [], problems: [] };
  for (const node of nodes) resolveNode(node, (predecessors.get(node.name) ?? []).sort(), byName, report);
  return report;
}

function resolveNode(node: ResolverNode, preds: string[], byName: Map<string, ResolverNode>, report: ResolutionReport): void {
  const deps = resolvableDependencies(node.spec);
  if (deps.length === 0) return;
  const all: Pair[] = [];
  const allCandidates = new Map<string, Candidate[]>();
  let outputIndex = 0;
  for (const producerName of preds) {
    const producer = byName.get(producerName);
    if (!producer) continue;
    for (const out of producer.spec.outputs) {
      deps.forEach((dep, inputIndex) => {
        const s = scorePair(dep, producer.spec.stepType, out);
        const cand: Candidate = { producer: producerName, output: out.logicalName, score: s.score, why: s.why };
        allCandidates.set(dep.logicalName, [...(allCandidates.get(dep.logicalName) ?? []), cand]);
        if (!s.viable) return;
        if (dep.required ? s.score < MIN_SCORE : !(s.nameHit || s.sourceHit)) return;
        all.push({ ...cand, input: dep.logicalName, inputIndex, outputIndex, propertyPath: out.propertyPath });
      });
      outputIndex += 1;
    }
  }
  // Highest score first; ties broken by input then output order, so the result is stable.
  all.sort((a, b) => b.score - a.score || a.inputIndex - b.inputIndex || a.outputIndex - b.outputIndex);

  const settled = new Set<string>();
  const used = new Set<string>();
  const key = (p: Pair) => `${p.producer}.${p.output}`;
  for (const p of all) {
    if (settled.has(p.input) || used.has(key(p))) continue;
    const rivalOutput = all.find(
      (q) => q !== p && q.input === p.input && !used.has(key(q)) && key(q) !== key(p) && p.score - q.score < AMBIGUITY_MARGIN,
    );
    const rivalInput = all.find(
      (q) => q !== p && key(q) === key(p) && q.input !== p.input && !settled.has(q.input) && p.score - q.score < AMBIGUITY_MARGIN,
    );
    if (rivalOutput || rivalInput) {
      settled.add(p.input);
      const message = rivalOutput
        ? `${node.name}.${p.input}: too close to call between ${p.producer}.${p.output} (${p.score.toFixed(2)}) and ${rivalOutput.producer}.${rivalOutput.output} (${rivalOutput.score.toFixed(2)})`
        : `${node.name}: ${p.producer}.${p.output} fits both ${p.input} (${p.score.toFixed(2)}) and ${rivalInput!.input} (${rivalInput!.score.toFixed(2)}); too close to call`;
      report.problems.push({ path: `${node.name}.${p.input}`, message });
      report.unmatched.push({
        consumer: node.name,
        input: p.input,
        required: deps[p.inputIndex]!.required,
        reason: message,
        candidates: topCandidates(allCandidates.get(p.input)),
      });
      continue;
    }
    settled.add(p.input);
    used.add(key(p));
    report.decisions.push({
      consumer: node.name,
      input: p.input,
      producer: p.producer,
      output: p.output,
      propertyPath: p.propertyPath,
      score: p.score,
      why: p.why,
    });
  }

  for (const dep of deps) {
    if (settled.has(dep.logicalName)) continue;
    const candidates = topCandidates(allCandidates.get(dep.logicalName));
    const reason =
      preds.length === 0
        ? 'no upstream step in the DAG'
        : dep.required
          ? `no candidate reaches ${MIN_SCORE} (or all were taken); best: ${formatCandidates(candidates)}`
          : 'optional, no upstream output with a matching name, alias or compatible source';
    report.unmatched.push({ consumer: node.name, input: dep.logicalName, required: dep.required, reason, candidates });
    if (dep.required) {
      report.problems.push({
        path: `${node.name}.${dep.logicalName}`,
        message: `required input of ${node.spec.stepType} step ${node.name} has no match: ${reason}`,
      });
    }
  }
}

function topCandidates(cs: Candidate[] | undefined): Candidate[] {
  return [...(cs ?? [])].sort((a, b) => b.score - a.score).slice(0, 3);
}

/** The ResolutionError listing every problem of the report. */
export function resolutionError(report: ResolutionReport): ResolutionError {
  return new ResolutionError(`cannot wire the pipeline (${report.problems.length} problem(s))`, report.problems);
}

/** Throws ResolutionError listing every problem of the report. */
export function assertResolved(report: ResolutionReport): void {
  if (report.problems.length > 0) throw resolutionError(report);
}
