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
import { isValidName, NAME_RULE } from '../dsl/names.js';
import type { Json } from '../dsl/render-value.js';
import { Pipeline, type StepEdge } from '../dsl/pipeline.js';
import type { UnparsedEntry } from '../config/file/read-config-file.js';
import { ConfigError, DagError, SagewireError, type ErrorCode, type Issue } from '../errors.js';
import { resolutionError, resolveDependencies, type ResolutionReport, type ResolverNode } from '../resolve/resolver.js';
import { findStep, STEP_CATALOG } from '../steps/catalog.js';
import { AssetCollector } from '../steps/kit/assets.js';
import type { BuildContext } from '../steps/kit/build-context.js';
import type { StepDefinition } from '../steps/kit/define-step.js';
import { sagewireScriptForCursus } from '../steps/kit/node-script.js';
import { PACKAGE_ROOT } from '../steps/kit/package-root.js';
import { parameterList, pipelineParameters } from '../steps/kit/parameters.js';
import { checkNoCredentials } from './credential-check.js';
import { checkUnparsedPaths } from './unparsed-paths.js';
import { sanitizePipelineName } from './pipeline-name.js';


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
  /** The config file's schema problems (read with `gather`), reported with everything else. */
  configError?: SagewireError;
  /** Steps whose config failed its schema: wired by type, their valid paths checked. */
  unparsed?: Readonly<Record<string, UnparsedEntry>>;
  /** Fields of the config file that were ignored, and how cursus fields were read; each becomes a notice. */
  ignored?: readonly Issue[];
  /** Who wrote the config file: a cursus file gets notices where sagewire wires differently from cursus. */
  format?: 'sagewire' | 'cursus';
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

/** What {@link PipelineBuilderTemplate.check} finds. */
export interface CheckReport {
  resolution: ResolutionReport;
  /** Every problem, config file's first, then the graph's, the wiring's, the steps'. */
  problems: Issue[];
  notices: Issue[];
  /**
   * With problems: the code of the error {@link PipelineBuilderTemplate.generatePipeline} throws
   * for them (the layer's, e.g. RESOLUTION, when they are all of one kind; CONFIG for several).
   */
  errorCode?: ErrorCode;
}

interface PlannedNode {
  name: string;
  loaded: LoadedConfig;
  builder: StepDefinition;
}

/** One kind of problem, and the error it is thrown as when it is the only kind. */
interface ProblemGroup {
  issues: Issue[];
  error: () => SagewireError;
}

/** The producer name of a stand-in for an input the wiring could not feed (never rendered). */
const UNWIRED = '(unwired)';

export class PipelineBuilderTemplate {
  readonly dag: PipelineDAG;
  readonly configMap: Readonly<Record<string, LoadedConfig>>;
  readonly steps: readonly StepDefinition[];
  readonly packageRoot: string;
  readonly hostNode: boolean;
  readonly vpc: boolean;
  private readonly configError: SagewireError | undefined;
  private readonly unparsed: Readonly<Record<string, UnparsedEntry>>;
  private readonly ignoredNotices: Issue[];
  private readonly format: 'sagewire' | 'cursus';
  private lastResult: CompileResult | undefined;

  constructor(props: TemplateProps) {
    this.dag = props.dag;
    this.configMap = props.configMap;
    this.steps = props.steps ?? STEP_CATALOG;
    this.packageRoot = props.packageRoot ?? PACKAGE_ROOT;
    this.hostNode = props.hostNode ?? false;
    this.vpc = props.vpc ?? true;
    this.configError = props.configError;
    this.unparsed = props.unparsed ?? {};
    this.ignoredNotices = (props.ignored ?? []).map((i) => ({ path: i.path, message: i.message }));
    this.format = props.format ?? 'sagewire';
  }

  /**
   * The nodes in topological order with their config and builder, the resolver's nodes in the
   * same order (these, and the nodes whose config failed its schema: wired by their class's step
   * type, never built), and the graph's problems. The graph is sorted once, here.
   */
  private plan(): { planned: PlannedNode[]; wiring: ResolverNode[]; issues: Issue[] } {
    const order = this.dag.topologicalSort();
    const issues: Issue[] = [];
    const planned: PlannedNode[] = [];
    const wiring: ResolverNode[] = [];
    for (const name of order) {
      if (!isValidName(name)) issues.push({ path: `dag.nodes.${name}`, message: `step names ${NAME_RULE}` });
      const loaded = this.configMap[name];
      const unparsed = this.unparsed[name];
      if (!loaded && unparsed) {
        // Its schema problems are reported already; its type still wires its neighbours.
        const builder = unparsed.stepType === null ? undefined : findStep(unparsed.stepType, this.steps);
        if (builder) wiring.push({ name, spec: builder.spec });
        continue;
      }
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
      wiring.push({ name, spec: builder.spec });
    }
    return { planned, wiring, issues };
  }

  /** Resolves the wiring without building; throws on a malformed graph. */
  resolve(): ResolutionReport {
    const { wiring, issues } = this.plan();
    if (issues.length > 0) throw new DagError(`the DAG cannot be compiled with this config (${issues.length} problem(s))`, issues);
    return resolveDependencies(wiring, this.dag.edges);
  }

  /**
   * Every problem at once: the config file's (schema), the graph's, the wiring's, and each
   * step's build and file problems (a step with unwired inputs is still built, so that its
   * paths are checked; a step whose config failed its schema has its valid paths checked).
   */
  check(): CheckReport {
    const out = this.assemble(undefined);
    const error = failure(out.groups);
    return { resolution: out.resolution, problems: out.groups.flatMap((g) => g.issues), notices: out.notices, ...(error ? { errorCode: error.code } : {}) };
  }

  /** Builds the definition; `name` overrides the base config's pipeline name (then sanitized). */
  generatePipeline(name?: string): CompileResult {
    const out = this.assemble(name);
    const error = failure(out.groups);
    if (error) throw error;
    this.lastResult = out.result!;
    return this.lastResult;
  }

  private assemble(name: string | undefined): {
    resolution: ResolutionReport;
    groups: ProblemGroup[];
    notices: Issue[];
    result?: CompileResult;
  } {
    const { planned, wiring, issues: planIssues } = this.plan();
    const resolution = resolveDependencies(wiring, this.dag.edges);
    const configIssues = this.configError?.issues ?? [];
    const groups: ProblemGroup[] = [
      { issues: configIssues.length > 0 || !this.configError ? configIssues : [{ path: '', message: this.configError.message }], error: () => this.configError! },
      { issues: planIssues, error: () => new DagError(`the DAG cannot be compiled with this config (${planIssues.length} problem(s))`, planIssues) },
      { issues: resolution.problems, error: () => resolutionError(resolution) },
    ];
    const notices = [...this.ignoredNotices, ...cursusScriptNotices(planned), ...(this.format === 'cursus' ? oneChannelNotices(planned, resolution) : [])];

    const first = planned[0];
    if (!first) {
      const noNodes = groups.every((g) => g.issues.length === 0) && Object.keys(this.unparsed).length === 0;
      if (noNodes) groups.push({ issues: [{ path: 'dag.nodes', message: 'the DAG has no nodes' }], error: () => new DagError('the DAG has no nodes') });
      return { resolution, groups, notices };
    }
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
    const nodeDefinitions = Object.fromEntries(planned.map((p) => [p.name, p.builder]));
    const decisionsByConsumer = new Map<string, typeof resolution.decisions>();
    for (const d of resolution.decisions) decisionsByConsumer.set(d.consumer, [...(decisionsByConsumer.get(d.consumer) ?? []), d]);
    const unwired = new Set(resolution.unmatched.filter((u) => u.required).map((u) => `${u.consumer}\u0000${u.input}`));

    for (const { name: stepName, loaded, builder } of planned) {
      const inputs: Record<string, Value> = {};
      const inputProducers: Record<string, string> = {};
      for (const d of decisionsByConsumer.get(stepName) ?? []) {
        inputs[d.input] = stepProperty(d.producer, d.propertyPath);
        inputProducers[d.input] = d.producer;
      }
      // An input the wiring could not feed (reported above) gets a stand-in, so the step's files are still checked.
      for (const dep of builder.spec.dependencies) {
        if (inputs[dep.logicalName] === undefined && unwired.has(`${stepName}\u0000${dep.logicalName}`)) {
          inputs[dep.logicalName] = stepProperty(UNWIRED, dep.logicalName);
        }
      }
      const ctx: BuildContext = {
        stepName,
        config: loaded.config,
        inputs,
        inputProducers,
        configs: nodeConfigs,
        definitions: nodeDefinitions,
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
      const extra = this.dag.predecessors(stepName).filter((p) => !fed.has(p) && nodeConfigs[p] !== undefined);
      built.step.addDependsOn(extra);
      pipeline.addStep(built.step);
      if (built.executionConfig) executionConfigs[stepName] = built.executionConfig;
      if (built.notices) notices.push(...built.notices);
    }
    for (const [step, entry] of Object.entries(this.unparsed)) {
      if (!this.dag.nodes.includes(step)) continue;
      const definition = entry.stepType === null ? undefined : findStep(entry.stepType, this.steps);
      checkUnparsedPaths(step, entry, assets, definition?.contract);
    }

    const fileProblems = assets.problems();
    const buildIssues = [...fileProblems, ...buildErrors.flatMap((b) => issuesOf(b.error, b.step))];
    groups.push({ issues: buildIssues, error: () => buildProblemsError(fileProblems, buildErrors) });
    if (groups.some((g) => g.issues.length > 0)) return { resolution, groups, notices };

    const rendered = pipeline.render();
    checkNoCredentials(rendered.definition as Record<string, unknown>);
    const result: CompileResult = {
      pipelineName,
      definition: rendered.definition,
      definitionJson: `${JSON.stringify(rendered.definition, null, 2)}\n`,
      manifest: assets.manifest(),
      resolution,
      edges: rendered.edges,
      executionConfigs,
      notices,
    };
    return { resolution, groups, notices, result };
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

/**
 * The PIPELINE_STEP_CONFIGS keys tried for registration step `name`, in cursus 2.9.32's order
 * (mods/exe_doc/generator.py): `ModelRegistration-<region>`, `Registration_<region>`, the DAG
 * node's name, `model_registration`, `Registration`, `register_model`, then any key of the
 * document containing "registration" (any case; this is how cursus's `Registration-NA` is found).
 */
export function registrationKeyCandidates(name: string, region: string | undefined, keys: readonly string[]): string[] {
  const out = [...(region ? [`ModelRegistration-${region}`, `Registration_${region}`] : []), name, 'model_registration', 'Registration', 'register_model'];
  for (const k of keys) if (k.toLowerCase().includes('registration') && !out.includes(k)) out.push(k);
  return out;
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
  const keys = Object.keys(table);
  // Each registration step fills one entry: the first of its candidates not taken by another step.
  const taken = new Set<string>();
  const target = new Map<string, string>();
  const regionOf = (name: string) => {
    const region = configs[name]!.model_registration_region;
    return typeof region === 'string' ? region : undefined;
  };
  for (const name of Object.keys(configs)) {
    const key = registrationKeyCandidates(name, regionOf(name), keys).find((k) => Object.hasOwn(table, k) && !taken.has(k));
    if (key !== undefined) {
      taken.add(key);
      target.set(name, key);
    }
  }
  const missing = Object.keys(configs).filter((name) => !target.has(name));
  if (missing.length > 0) {
    throw new ConfigError(
      `execution document: PIPELINE_STEP_CONFIGS has no entry for registration step(s) ${missing.join(', ')}`,
      missing.map((m) => ({ path: `PIPELINE_STEP_CONFIGS.${m}`, message: `missing (also tried: ${registrationKeyCandidates(m, regionOf(m), []).filter((k) => k !== m).join(', ')}, any key containing "registration")` })),
    );
  }
  for (const [name, config] of Object.entries(configs)) {
    const key = target.get(name)!;
    const entry = table[key];
    const obj = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : {};
    // cursus adds the STEP_TYPE MODS requires when the document has none.
    table[key] = { ...obj, ...(obj.STEP_TYPE === undefined ? { STEP_TYPE: ['PROCESSING_STEP', 'ModelRegistration'] } : {}), STEP_CONFIG: structuredClone(config) };
  }
  return copy;
}

/** The error of the failed groups: one kind of problem is its own error; several are one ConfigError. */
function failure(groups: readonly ProblemGroup[]): SagewireError | undefined {
  const failed = groups.filter((g) => g.issues.length > 0);
  if (failed.length === 1) return failed[0]!.error();
  if (failed.length === 0) return undefined;
  const all = failed.flatMap((g) => g.issues);
  return new ConfigError(`${all.length} problems (config, paths, files and wiring checked together)`, all);
}

/**
 * One problem is thrown as it was (its message names the field); several become one
 * ConfigError listing them all.
 */
function buildProblemsError(fileProblems: Issue[], buildErrors: Array<{ step: string; error: SagewireError }>): SagewireError {
  if (fileProblems.length === 0 && buildErrors.length === 1) return buildErrors[0]!.error;
  if (fileProblems.length === 1 && buildErrors.length === 0) return new ConfigError(`${fileProblems[0]!.path}: ${fileProblems[0]!.message}`, fileProblems);
  const problems = [...fileProblems, ...buildErrors.flatMap((b) => issuesOf(b.error, b.step))];
  return new ConfigError(`${problems.length} problems building the steps`, problems);
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

/**
 * cursus's training builders split an upstream output into three channels (train, val, test:
 * its train/, val/ and test/ folders); sagewire passes it whole as the one channel `train`.
 */
function oneChannelNotices(planned: readonly PlannedNode[], resolution: ResolutionReport): Issue[] {
  const training = new Set(planned.filter((p) => p.builder.spec.sagemakerStepType === 'Training').map((p) => p.name));
  return resolution.decisions
    .filter((d) => d.input === 'training_data' && training.has(d.consumer))
    .map((d) => ({
      path: `${d.consumer}.training_data`,
      message: `${d.producer}'s output is passed whole as the one channel "train" (its train/, val/ and test/ folders under /opt/ml/input/data/train/); cursus passes them as three channels train, val and test (/opt/ml/input/data/val/ ...): a cursus training script reading /opt/ml/input/data/val finds nothing`,
    }));
}

/** A config naming cursus's own script for a step sagewire implements gets sagewire's script. */
function cursusScriptNotices(planned: ReadonlyArray<{ name: string; loaded: LoadedConfig }>): Issue[] {
  const notices: Issue[] = [];
  for (const { name, loaded } of planned) {
    const c = loaded.config as { processing_entry_point?: string; processing_entry_point_is_user_script?: boolean };
    const ours = sagewireScriptForCursus(c.processing_entry_point);
    if (!ours || c.processing_entry_point_is_user_script === true) continue;
    const entry = c.processing_entry_point;
    notices.push({
      path: `${name}.processing_entry_point`,
      message: `${JSON.stringify(entry)} is cursus's own script: sagewire runs its own ${loaded.stepType} implementation (${ours}) instead; to run your own script of that name, set processing_entry_point_is_user_script: true`,
    });
  }
  return notices;
}
