/**
 * The pipeline builder template (seed 000): DAG + configs + builders -> one definition.
 *
 * 1. checks the graph (cycles, nodes without a config, step types without a builder),
 * 2. resolves every input along DAG edges from the step specifications,
 * 3. builds each node's step in topological order,
 * 4. renders and checks the definition with sagewire's own model (never returns an invalid one).
 */
import type { AssetManifest } from '../assets/manifest.js';
import type { LoadedConfig } from '../config/registry.js';
import type { PipelineDAG } from '../dag/pipeline-dag.js';
import { stepProperty, type Value } from '../dsl/expressions.js';
import type { Json } from '../dsl/render-value.js';
import { Pipeline, type StepEdge } from '../dsl/pipeline.js';
import { ConfigError, DagError, SagewireError, type Issue } from '../errors.js';
import { assertResolved, resolveDependencies, type ResolutionReport, type ResolverNode } from '../resolve/resolver.js';
import { findStep, STEP_CATALOG } from '../steps/catalog.js';
import { AssetCollector } from '../steps/kit/assets.js';
import type { BuildContext } from '../steps/kit/build-context.js';
import type { StepDefinition } from '../steps/kit/define-step.js';
import { sagewireScriptForCursus } from '../steps/kit/node-script.js';
import { PACKAGE_ROOT } from '../steps/kit/package-root.js';
import { parameterList, pipelineParameters } from '../steps/kit/parameters.js';
import { checkNoCredentials } from './credential-check.js';
import { sanitizePipelineName } from './pipeline-name.js';

const STEP_NAME = /^[A-Za-z0-9\-_]{1,64}$/;

export interface TemplateProps {
  dag: PipelineDAG;
  /** DAG node name -> loaded config (extra entries, such as the shared bases, are ignored). */
  configMap: Readonly<Record<string, LoadedConfig>>;
  /** The step types the DAG may use. Default: the step catalog (add your own: `[...STEP_CATALOG, mine]`). */
  steps?: readonly StepDefinition[];
  /** Package root holding `dist/scripts/`. Default: this package. */
  packageRoot?: string;
  /** Node scripts run the host's node (for local runs) instead of carrying the pinned runtime. */
  hostNode?: boolean;
  /** False: jobs run without a VPC (no VpcConfig, no VPC_SUBNET/SECURITY_GROUP_ID). Default true. */
  vpc?: boolean;
}

export interface CompileResult {
  pipelineName: string;
  /** The definition as an object (fixed key order). */
  definition: Record<string, Json>;
  /** The definition as the bytes to write (two-space JSON, trailing newline). */
  definitionJson: string;
  /** Files the definition reads from S3; write beside the definition (`manifestPathFor`). */
  manifest: AssetManifest;
  /** The resolver's decisions and unmatched inputs. */
  resolution: ResolutionReport;
  /** Step-to-step edges of the definition (data edges and DependsOn). */
  edges: StepEdge[];
  /** Where sagewire reads a config differently from cursus on purpose, one notice each (printed on stderr). */
  notices: Issue[];
  /** Registration step name -> its STEP_CONFIG for the execution document. */
  executionConfigs: Record<string, Record<string, unknown>>;
}

export class PipelineBuilderTemplate {
  readonly dag: PipelineDAG;
  readonly configMap: Readonly<Record<string, LoadedConfig>>;
  readonly steps: readonly StepDefinition[];
  readonly packageRoot: string;
  readonly hostNode: boolean;
  readonly vpc: boolean;
  private lastResult: CompileResult | undefined;

  constructor(props: TemplateProps) {
    this.dag = props.dag;
    this.configMap = props.configMap;
    this.steps = props.steps ?? STEP_CATALOG;
    this.packageRoot = props.packageRoot ?? PACKAGE_ROOT;
    this.hostNode = props.hostNode ?? false;
    this.vpc = props.vpc ?? true;
  }

  /** The nodes in topological order with their config and builder; throws on a malformed graph. */
  private plan(): Array<{ name: string; loaded: LoadedConfig; builder: StepDefinition }> {
    const order = this.dag.topologicalSort();
    const issues: Issue[] = [];
    const planned: Array<{ name: string; loaded: LoadedConfig; builder: StepDefinition }> = [];
    for (const name of order) {
      if (!STEP_NAME.test(name)) issues.push({ path: `dag.nodes.${name}`, message: 'step names must match [A-Za-z0-9-_]{1,64}' });
      const loaded = this.configMap[name];
      if (!loaded) {
        issues.push({ path: `dag.nodes.${name}`, message: 'has no config in the config file (configuration.specific / metadata.config_types)' });
        continue;
      }
      if (loaded.stepType === null) {
        issues.push({ path: `dag.nodes.${name}`, message: `its config is a shared base (${loaded.className}), not a step config` });
        continue;
      }
      const builder = findStep(loaded.stepType, this.steps);
      if (!builder) {
        issues.push({ path: `dag.nodes.${name}`, message: `no step builder for step type ${loaded.stepType} (${loaded.className})` });
        continue;
      }
      planned.push({ name, loaded, builder });
    }
    if (issues.length > 0) throw new DagError(`the DAG cannot be compiled with this config (${issues.length} problem(s))`, issues);
    return planned;
  }

  /** The planned nodes and their wiring. */
  private planAndResolve() {
    const planned = this.plan();
    const nodes: ResolverNode[] = planned.map((p) => ({ name: p.name, spec: p.builder.spec }));
    return { planned, resolution: resolveDependencies(nodes, this.dag.edges) };
  }

  /** Resolves the wiring without building (what `sagewire validate` reports). */
  resolve(): ResolutionReport {
    return this.planAndResolve().resolution;
  }

  /** Builds the definition; `name` overrides the base config's pipeline name (then sanitized). */
  generatePipeline(name?: string): CompileResult {
    const { planned, resolution } = this.planAndResolve();
    assertResolved(resolution);

    const first = planned[0];
    if (!first) throw new DagError('the DAG has no nodes');
    const base = first.loaded.config;
    const pipelineName = sanitizePipelineName(name ?? base.pipeline_name);
    const parameters = pipelineParameters(base.pipeline_s3_loc, base, this.vpc);
    const assets = new AssetCollector(base.bucket, pipelineName, { collectProblems: true });
    // Every step is built even after one failed, so that every bad path is reported at once.
    const buildErrors: Array<{ step: string; error: SagewireError }> = [];
    const pipeline = new Pipeline({ parameters: parameterList(parameters) });
    const executionConfigs: Record<string, Record<string, unknown>> = {};

    // Builders see the configs of the DAG's nodes only: extra configMap entries are ignored.
    const nodeConfigs = Object.fromEntries(planned.map((p) => [p.name, p.loaded]));
    const decisionsByConsumer = new Map<string, typeof resolution.decisions>();
    for (const d of resolution.decisions) decisionsByConsumer.set(d.consumer, [...(decisionsByConsumer.get(d.consumer) ?? []), d]);

    for (const { name: stepName, loaded, builder } of planned) {
      const inputs: Record<string, Value> = {};
      const inputProducers: Record<string, string> = {};
      for (const d of decisionsByConsumer.get(stepName) ?? []) {
        inputs[d.input] = stepProperty(d.producer, d.propertyPath);
        inputProducers[d.input] = d.producer;
      }
      const ctx: BuildContext = {
        stepName,
        config: loaded.config,
        inputs,
        inputProducers,
        configs: nodeConfigs,
        pipelineName,
        parameters,
        assets,
        packageRoot: this.packageRoot,
        ...(this.hostNode ? { hostNode: true } : {}),
      };
      let built: ReturnType<typeof builder.build>;
      try {
        built = builder.build(ctx);
      } catch (err) {
        if (!(err instanceof SagewireError)) throw err;
        buildErrors.push({ step: stepName, error: err });
        continue;
      }
      if (built.step.name !== stepName) {
        throw new ConfigError(`builder for ${builder.stepType} named its step ${built.step.name}, expected ${stepName} (a builder bug)`);
      }
      // DAG edges that carry no data still order the steps.
      const fed = new Set(Object.values(inputProducers));
      const extra = this.dag.predecessors(stepName).filter((p) => !fed.has(p));
      built.step.addDependsOn(extra);
      pipeline.addStep(built.step);
      if (built.executionConfig) executionConfigs[stepName] = built.executionConfig;
    }

    throwBuildProblems(assets.problems(), buildErrors);
    const rendered = pipeline.render();
    checkNoCredentials(rendered.definition as Record<string, unknown>);
    this.lastResult = {
      pipelineName,
      definition: rendered.definition,
      definitionJson: `${JSON.stringify(rendered.definition, null, 2)}\n`,
      manifest: assets.manifest(),
      resolution,
      edges: rendered.edges,
      executionConfigs,
      notices: cursusScriptNotices(planned),
    };
    return this.lastResult;
  }

  /**
   * Fills `PIPELINE_STEP_CONFIGS.<registration step>.STEP_CONFIG` of an execution document
   * (seed 003) from the last `generatePipeline()`; returns a new document.
   */
  fillExecutionDocument(doc: unknown): Record<string, unknown> {
    const result = this.lastResult ?? this.generatePipeline();
    return fillExecutionDocumentFrom(result.executionConfigs, doc);
  }
}

/** See {@link PipelineBuilderTemplate.fillExecutionDocument}. */
export function fillExecutionDocumentFrom(configs: Record<string, Record<string, unknown>>, doc: unknown): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ConfigError('execution document: expected a JSON object with PIPELINE_STEP_CONFIGS');
  }
  const copy = structuredClone(doc) as Record<string, unknown>;
  const steps = copy.PIPELINE_STEP_CONFIGS;
  if (typeof steps !== 'object' || steps === null || Array.isArray(steps)) {
    throw new ConfigError('execution document: missing the PIPELINE_STEP_CONFIGS object');
  }
  const table = steps as Record<string, unknown>;
  const missing = Object.keys(configs).filter((name) => !(name in table));
  if (missing.length > 0) {
    throw new ConfigError(
      `execution document: PIPELINE_STEP_CONFIGS has no entry for registration step(s) ${missing.join(', ')}`,
      missing.map((m) => ({ path: `PIPELINE_STEP_CONFIGS.${m}`, message: 'missing' })),
    );
  }
  for (const [name, config] of Object.entries(configs)) {
    const entry = table[name];
    const obj = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : {};
    table[name] = { ...obj, STEP_CONFIG: structuredClone(config) };
  }
  return copy;
}

/**
 * One problem is thrown as it was (its message names the field); several become one
 * ConfigError listing them all.
 */
function throwBuildProblems(fileProblems: Issue[], buildErrors: Array<{ step: string; error: SagewireError }>): void {
  if (fileProblems.length === 0 && buildErrors.length === 0) return;
  if (fileProblems.length === 0 && buildErrors.length === 1) throw buildErrors[0]!.error;
  if (fileProblems.length === 1 && buildErrors.length === 0) throw new ConfigError(`${fileProblems[0]!.path}: ${fileProblems[0]!.message}`, fileProblems);
  const problems = [...fileProblems, ...buildErrors.flatMap((b) => issuesOf(b.error, b.step))];
  throw new ConfigError(`${problems.length} problems building the steps`, problems);
}

/** A builder's error as issues: its own, or its message at the step's name. */
function issuesOf(err: SagewireError, stepName: string): Issue[] {
  if (err.issues.length > 0) return err.issues;
  const colon = err.message.indexOf(': ');
  const head = colon > 0 ? err.message.slice(0, colon) : '';
  // "<Step>.<field>: <message>" (the builders' form) keeps its path; anything else is the step's.
  if (head.startsWith(`${stepName}.`) || head === stepName) return [{ path: head, message: err.message.slice(colon + 2) }];
  return [{ path: stepName, message: err.message }];
}

/** A config naming cursus's own script for a step sagewire implements gets sagewire's script. */
function cursusScriptNotices(planned: ReadonlyArray<{ name: string; loaded: LoadedConfig }>): Issue[] {
  const notices: Issue[] = [];
  for (const { name, loaded } of planned) {
    const entry = (loaded.config as { processing_entry_point?: string }).processing_entry_point;
    const ours = sagewireScriptForCursus(entry);
    if (!ours) continue;
    notices.push({
      path: `${name}.processing_entry_point`,
      message: `${JSON.stringify(entry)} is cursus's own script: sagewire runs its own ${loaded.stepType} implementation (${ours}) instead; give your script another name to run it`,
    });
  }
  return notices;
}
