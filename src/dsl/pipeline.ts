/**
 * The pipeline: graph bookkeeping over steps (unique names, references that resolve, no
 * cycles) and the final definition JSON. Steps render themselves; this class only orders,
 * checks and assembles. Everything wrong is collected and thrown as one DefinitionError:
 * an invalid definition is never returned.
 */
import { findCycle } from '../dag/find-cycle.js';
import { DefinitionError, type Issue } from '../errors.js';
import { renderParameter, type Parameter } from './parameters.js';
import type { Json, ReferenceSink } from './render-value.js';
import { isValidName, NAME_RULE } from './names.js';
import type { Step } from './step.js';

export const DEFINITION_VERSION = '2020-12-01';

export interface PipelineProps {
  parameters?: Parameter[];
  steps?: Step[];
}

/** A step-to-step edge: `from` must finish before `to` starts. */
export interface StepEdge {
  from: string;
  to: string;
  /** `data` when `to` reads a property of `from`; `explicit` for `DependsOn`. */
  via: 'data' | 'explicit';
  /** For data edges, the property read (e.g. `ModelArtifacts.S3ModelArtifacts`). */
  property?: string;
}

export interface RenderedPipeline {
  definition: Record<string, Json>;
  edges: StepEdge[];
}

export class Pipeline {
  private readonly parameters: Parameter[] = [];
  private readonly steps: Step[] = [];

  constructor(props: PipelineProps = {}) {
    for (const p of props.parameters ?? []) this.addParameter(p);
    for (const s of props.steps ?? []) this.addStep(s);
  }

  addParameter(p: Parameter): this {
    this.parameters.push(p);
    return this;
  }

  /** Steps render in the order they are added (callers add them in topological order). */
  addStep(step: Step): this {
    this.steps.push(step);
    return this;
  }

  /** Renders and checks the whole definition; throws DefinitionError listing every problem. */
  render(): RenderedPipeline {
    const issues: Issue[] = [];
    const all = new Map<string, Step>();
    const visit = (s: Step) => {
      if (!isValidName(s.name)) issues.push({ path: `Steps.${s.name}`, message: `step names ${NAME_RULE}` });
      if (all.has(s.name)) issues.push({ path: `Steps.${s.name}`, message: 'duplicate step name' });
      all.set(s.name, s);
      issues.push(...s.validate());
      s.children().forEach(visit);
    };
    this.steps.forEach(visit);

    const paramNames = new Set<string>();
    for (const p of this.parameters) {
      if (!isValidName(p.name)) issues.push({ path: `Parameters.${p.name}`, message: `parameter names ${NAME_RULE}` });
      if (paramNames.has(p.name)) issues.push({ path: `Parameters.${p.name}`, message: 'duplicate parameter name' });
      paramNames.add(p.name);
    }

    const edges: StepEdge[] = [];
    const usedParams = new Set<string>();
    const renderedSteps = this.steps.map((step) => {
      const sink: ReferenceSink = {
        parameter: (name) => {
          usedParams.add(name);
          if (!paramNames.has(name)) issues.push({ path: `Steps.${step.name}`, message: `references undeclared parameter ${name}` });
        },
        step: (target, path) => {
          const producer = all.get(target);
          if (!producer) {
            issues.push({ path: `Steps.${step.name}`, message: `references unknown step ${target} (${path})` });
          } else if (target === step.name) {
            issues.push({ path: `Steps.${step.name}`, message: `references its own property ${path}` });
          } else if (!path.startsWith('PropertyFiles.') && !producer.hasProperty(path)) {
            issues.push({ path: `Steps.${step.name}`, message: `references ${target}.${path}, which a ${producer.type} step does not expose` });
          }
          edges.push({ from: target, to: step.name, via: 'data', property: path });
        },
      };
      const json = step.toStepJson(sink);
      for (const dep of step.dependsOn) {
        if (!all.has(dep)) issues.push({ path: `Steps.${step.name}.DependsOn`, message: `unknown step ${dep}` });
        edges.push({ from: dep, to: step.name, via: 'explicit' });
      }
      return json;
    });

    const cycle = cycleThrough([...all.keys()], edges);
    if (cycle) issues.push({ path: 'Steps', message: `cycle: ${cycle.join(' -> ')}` });

    if (issues.length > 0) {
      throw new DefinitionError(`the pipeline definition is invalid (${issues.length} problem(s)); this is a bug in a step builder`, issues);
    }
    return {
      definition: {
        Version: DEFINITION_VERSION,
        Metadata: {},
        Parameters: this.parameters.map(renderParameter),
        PipelineExperimentConfig: {
          ExperimentName: { Get: 'Execution.PipelineName' },
          TrialName: { Get: 'Execution.PipelineExecutionId' },
        },
        Steps: renderedSteps,
      },
      edges: dedupeEdges(edges),
    };
  }

  /** The definition JSON as a string (two-space indent, trailing newline). */
  toJsonString(): string {
    return `${JSON.stringify(this.render().definition, null, 2)}\n`;
  }
}

function dedupeEdges(edges: StepEdge[]): StepEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.from}\0${e.to}\0${e.via}\0${e.property ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A cycle through the steps' edges (first name repeated at the end), or undefined. */
function cycleThrough(nodes: string[], edges: readonly { from: string; to: string }[]): string[] | undefined {
  const out = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)?.push(e.to);
  return findCycle(nodes, (n) => out.get(n) ?? []);
}
