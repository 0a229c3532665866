/**
 * The run plan: every step with the steps it waits for (DependsOn, data edges found by
 * walking its Gets, and the Condition that owns its branch), in dependency order; and the
 * check that refuses a definition the local runner cannot run BEFORE anything runs.
 */
import { LocalRunError, type Issue } from '../errors.js';
import { flattenSteps, type FlatStep, type Json, type PipelineDefinition, type StepDef } from './definition.js';
import { findRefs } from './expressions.js';
import { findStepKind, matchProperty, STEP_KIND_NAMES } from '../dsl/step-kinds.js';
import { parsePropertyPath } from './property-path.js';
import { LOCAL_STEP_KINDS } from './step-kinds.js';

export interface PlannedStep {
  name: string;
  type: string;
  def: StepDef;
  branch?: FlatStep['branch'];
  /** Every step this one waits for, sorted by plan order. */
  after: string[];
  /** The subset of `after` this step reads values from. */
  dataFrom: string[];
}

export interface RunPlan {
  steps: PlannedStep[];
  /** Producer -> consumer pairs, for drawing. `kind` says why the edge exists. */
  edges: { from: string; to: string; kind: 'data' | 'depends-on' | 'branch' }[];
}

/**
 * Builds the plan; throws one LocalRunError listing every reason the definition cannot run
 * locally. With `strict: false` (drawing a graph) those reasons are ignored; cycles still throw.
 */
export function planRun(def: PipelineDefinition, opts: { strict?: boolean } = {}): RunPlan {
  const flat = flattenSteps(def);
  const byName = new Map(flat.map((s) => [s.def.Name, s]));
  const params = new Set((def.Parameters ?? []).map((p) => p.Name));
  const issues: Issue[] = [];
  const edges: RunPlan['edges'] = [];
  const pending = new Map<string, { after: Set<string>; dataFrom: Set<string> }>();

  for (const s of flat) {
    const { Name: name } = s.def;
    const kind = findStepKind(s.def.Type);
    const local = kind ? LOCAL_STEP_KINDS[kind.type] : undefined;
    const after = new Set<string>();
    const dataFrom = new Set<string>();
    if (!local) {
      issues.push({ path: `Steps.${name}`, message: `step type ${s.def.Type} is not supported locally (supported: ${STEP_KIND_NAMES.join(', ')})` });
    }
    for (const d of s.def.DependsOn ?? []) {
      if (!byName.has(d)) issues.push({ path: `Steps.${name}.DependsOn`, message: `unknown step "${d}"` });
      else if (!after.has(d)) {
        after.add(d);
        edges.push({ from: d, to: name, kind: 'depends-on' });
      }
    }
    if (s.branch && !after.has(s.branch.condition)) {
      after.add(s.branch.condition);
      edges.push({ from: s.branch.condition, to: name, kind: 'branch' });
    }
    const args: Json = local ? local.evaluated(s.def) : (s.def.Arguments ?? {});
    for (const ref of findRefs(args)) {
      const producer = checkRef(ref, name, byName, params, issues);
      if (producer && producer !== name && !dataFrom.has(producer)) {
        dataFrom.add(producer);
        if (!after.has(producer)) edges.push({ from: producer, to: name, kind: 'data' });
        else {
          const e = edges.find((x) => x.from === producer && x.to === name);
          if (e) e.kind = 'data';
        }
        after.add(producer);
      }
    }
    local?.checkShape(s.def, issues);
    pending.set(name, { after, dataFrom });
  }
  const cycle = cycleIssues(flat.map((s) => s.def.Name), pending);
  if (cycle.length && (issues.length === 0 || opts.strict === false)) {
    throw new LocalRunError('the steps depend on each other in a cycle; nothing was run', cycle);
  }
  if (issues.length && opts.strict !== false) throw new LocalRunError('this pipeline cannot run locally; nothing was run', [...issues, ...cycle]);

  const order = topoOrder(flat.map((s) => s.def.Name), pending);
  const rank = new Map(order.map((n, i) => [n, i]));
  const steps = order.map((name) => {
    const s = byName.get(name)!;
    const p = pending.get(name)!;
    const sort = (xs: Set<string>) => [...xs].sort((a, b) => rank.get(a)! - rank.get(b)!);
    return {
      name,
      type: findStepKind(s.def.Type)?.type ?? s.def.Type,
      def: s.def,
      ...(s.branch ? { branch: s.branch } : {}),
      after: sort(p.after),
      dataFrom: sort(p.dataFrom),
    };
  });
  return { steps, edges };
}

function checkRef(
  ref: ReturnType<typeof findRefs>[number],
  step: string,
  byName: Map<string, FlatStep>,
  params: Set<string>,
  issues: Issue[],
): string | undefined {
  const path = `Steps.${step}`;
  if (ref.kind === 'unknown') {
    issues.push({ path, message: `${ref.what} is not supported locally${ref.hint ? `; ${ref.hint}` : ''}` });
    return undefined;
  }
  const e = ref.expr;
  switch (e.kind) {
    case 'join':
    case 'execution-variable':
      return undefined;
    case 'parameter':
      if (!params.has(e.name)) issues.push({ path, message: `{"Get": "Parameters.${e.name}"}: the pipeline declares no parameter "${e.name}"` });
      return undefined;
    case 'json-get': {
      const producer = byName.get(e.step);
      if (!producer) issues.push({ path, message: `Std:JsonGet reads property file of unknown step "${e.step}"` });
      else if (!producer.def.PropertyFiles?.some((f) => f.PropertyFileName === e.propertyFile)) {
        issues.push({ path, message: `step "${e.step}" declares no property file "${e.propertyFile}"` });
      }
      return producer ? e.step : undefined;
    }
    case 'step-property':
      return checkStepProperty(e.step, e.path, path, byName, issues);
  }
}

function checkStepProperty(name: string, property: string, path: string, byName: Map<string, FlatStep>, issues: Issue[]): string | undefined {
  const get = `Steps.${name}.${property}`;
  const segs = parsePropertyPath(property);
  const producer = byName.get(name);
  if (!segs) {
    issues.push({ path, message: `{"Get": "${get}"}: cannot parse the property path` });
    return undefined;
  }
  if (!producer) {
    issues.push({ path, message: `{"Get": "${get}"}: unknown step "${name}"` });
    return undefined;
  }
  const kind = findStepKind(producer.def.Type);
  if (!kind) return name; // the producer's own issue says its kind is unknown
  const first = segs[0] && 'key' in segs[0] ? segs[0].key : '';
  if (!matchProperty(kind, property)) {
    issues.push({ path, message: `{"Get": "${get}"}: ${property} is not a property of a ${kind.type} step (${kind.describedBy}: ${kind.properties.join(', ') || 'none'})` });
    return name;
  }
  if (!LOCAL_STEP_KINDS[kind.type].record.includes(first)) {
    issues.push({ path, message: `{"Get": "${get}"}: property ${first} of a ${producer.def.Type} step is not supported locally` });
    return name;
  }
  if (first === 'ProcessingOutputConfig' && segs[2] && 'name' in segs[2]) {
    const outputs = (producer.def.Arguments?.ProcessingOutputConfig as { Outputs?: { OutputName?: string }[] } | undefined)?.Outputs ?? [];
    const wanted = segs[2].name;
    if (!outputs.some((o) => o.OutputName === wanted)) {
      issues.push({ path, message: `{"Get": "${get}"}: step "${name}" has no output "${wanted}" (it has: ${outputs.map((o) => o.OutputName).join(', ') || 'none'})` });
    }
  }
  return name;
}

/** The steps caught in a cycle (each with what it waits for); none when the graph is acyclic. */
function cycleIssues(names: string[], deps: Map<string, { after: Set<string> }>): Issue[] {
  try {
    topoOrder(names, deps);
    return [];
  } catch (err) {
    return err instanceof LocalRunError ? err.issues.map((i) => ({ ...i, message: `in a cycle: ${i.message}` })) : [];
  }
}

function topoOrder(names: string[], deps: Map<string, { after: Set<string> }>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  let remaining = [...names];
  while (remaining.length) {
    const ready = remaining.filter((n) => [...deps.get(n)!.after].every((d) => done.has(d)));
    if (ready.length === 0) {
      throw new LocalRunError('the steps depend on each other in a cycle; nothing was run', remaining.map((n) => ({ path: `Steps.${n}`, message: `waits for ${[...deps.get(n)!.after].filter((d) => !done.has(d)).join(', ')}` })));
    }
    for (const n of ready) {
      order.push(n);
      done.add(n);
    }
    remaining = remaining.filter((n) => !done.has(n));
  }
  return order;
}
