/**
 * The run plan: every step with the steps it waits for (DependsOn, data edges found by
 * walking its Gets, and the Condition that owns its branch), in dependency order; and the
 * check that refuses a definition the local runner cannot run BEFORE anything runs.
 */
import { LocalRunError, type Issue } from '../errors.js';
import { flattenSteps, type FlatStep, type Json, type PipelineDefinition, type StepDef } from './definition.js';
import { findRefs } from './expressions.js';
import { parsePropertyPath } from './property-path.js';

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

/** Step types the local runner executes, with the top-level properties a Get may read. */
export const LOCAL_STEP_TYPES: Record<string, readonly string[]> = {
  Processing: ['ProcessingJobName', 'ProcessingJobArn', 'ProcessingJobStatus', 'ProcessingInputs', 'ProcessingOutputConfig', 'AppSpecification', 'Environment', 'ProcessingResources'],
  Training: ['TrainingJobName', 'TrainingJobArn', 'TrainingJobStatus', 'ModelArtifacts', 'HyperParameters', 'OutputDataConfig', 'InputDataConfig', 'AlgorithmSpecification', 'ResourceConfig'],
  Model: ['ModelName', 'ModelArn', 'PrimaryContainer', 'Containers', 'ExecutionRoleArn'],
  RegisterModel: ['ModelPackageArn', 'ModelPackageName', 'ModelPackageGroupName', 'ModelPackageVersion', 'ModelApprovalStatus', 'ModelPackageStatus', 'InferenceSpecification'],
  Condition: ['Outcome'],
  Fail: [],
};

const EXECUTION_VARIABLES = ['PipelineExecutionId', 'PipelineExecutionArn', 'PipelineName', 'PipelineArn', 'StartDateTime', 'CurrentDateTime'];

/** `CreateModel` is accepted as a synonym of SageMaker's `Model` step type. */
export function normalizedType(type: string): string {
  return type === 'CreateModel' ? 'Model' : type;
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
    const type = normalizedType(s.def.Type);
    const after = new Set<string>();
    const dataFrom = new Set<string>();
    if (!(type in LOCAL_STEP_TYPES)) {
      issues.push({ path: `Steps.${name}`, message: `step type ${s.def.Type} is not supported locally (supported: Processing, Training, Model, RegisterModel, Condition, Fail)` });
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
    const args: Json = type === 'Condition' ? { Conditions: s.def.Arguments?.Conditions ?? [] } : (s.def.Arguments ?? {});
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
    checkStepShape(s.def, type, issues);
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
      type: normalizedType(s.def.Type),
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
  if (ref.kind === 'function') {
    if (ref.name !== 'Std:Join' && ref.name !== 'Std:JsonGet') issues.push({ path, message: `function ${ref.name} is not supported locally` });
    return undefined;
  }
  if (ref.kind === 'json-get-s3') {
    issues.push({ path, message: 'Std:JsonGet with S3Uri (reading a JSON object straight from S3) is not supported locally; read a PropertyFile of a step instead' });
    return undefined;
  }
  if (ref.kind === 'property-file') {
    const producer = byName.get(ref.step);
    if (!producer) issues.push({ path, message: `Std:JsonGet reads property file of unknown step "${ref.step}"` });
    else if (!producer.def.PropertyFiles?.some((f) => f.PropertyFileName === ref.file)) {
      issues.push({ path, message: `step "${ref.step}" declares no property file "${ref.file}"` });
    }
    return producer ? ref.step : undefined;
  }
  const get = ref.path;
  const [root, ...restParts] = get.split('.');
  const rest = restParts.join('.');
  if (root === 'Parameters') {
    if (!params.has(rest)) issues.push({ path, message: `{"Get": "${get}"}: the pipeline declares no parameter "${rest}"` });
    return undefined;
  }
  if (root === 'Execution') {
    if (!EXECUTION_VARIABLES.includes(rest)) issues.push({ path, message: `{"Get": "${get}"}: execution variable not supported locally` });
    return undefined;
  }
  if (root !== 'Steps') {
    issues.push({ path, message: `{"Get": "${get}"} is not supported locally` });
    return undefined;
  }
  const m = /^([^.[]+)\.(.+)$/.exec(rest);
  const segs = m ? parsePropertyPath(m[2]!) : undefined;
  const producer = m ? byName.get(m[1]!) : undefined;
  if (!m || !segs) {
    issues.push({ path, message: `{"Get": "${get}"}: cannot parse the property path` });
    return undefined;
  }
  if (!producer) {
    issues.push({ path, message: `{"Get": "${get}"}: unknown step "${m[1]}"` });
    return undefined;
  }
  const allowed = LOCAL_STEP_TYPES[normalizedType(producer.def.Type)] ?? [];
  const first = segs[0] && 'key' in segs[0] ? segs[0].key : '';
  if (!allowed.includes(first)) {
    issues.push({ path, message: `{"Get": "${get}"}: property ${first} of a ${producer.def.Type} step is not supported locally` });
    return m[1];
  }
  if (first === 'ProcessingOutputConfig' && segs[2] && 'name' in segs[2]) {
    const outputs = (producer.def.Arguments?.ProcessingOutputConfig as { Outputs?: { OutputName?: string }[] } | undefined)?.Outputs ?? [];
    const wanted = segs[2].name;
    if (!outputs.some((o) => o.OutputName === wanted)) {
      issues.push({ path, message: `{"Get": "${get}"}: step "${m[1]}" has no output "${wanted}" (it has: ${outputs.map((o) => o.OutputName).join(', ') || 'none'})` });
    }
  }
  return m[1];
}

function checkStepShape(def: StepDef, type: string, issues: Issue[]): void {
  const path = `Steps.${def.Name}`;
  const a = (def.Arguments ?? {}) as Record<string, Json>;
  if (type === 'Processing') {
    const app = a.AppSpecification as { ContainerEntrypoint?: Json } | undefined;
    if (!Array.isArray(app?.ContainerEntrypoint) || app.ContainerEntrypoint.length === 0) {
      issues.push({ path: `${path}.AppSpecification.ContainerEntrypoint`, message: 'a Processing step needs a ContainerEntrypoint to run locally (the image itself is not run)' });
    }
    const inputs = Array.isArray(a.ProcessingInputs) ? (a.ProcessingInputs as { InputName?: string; S3Input?: Record<string, Json>; DatasetDefinition?: Json }[]) : [];
    inputs.forEach((input, i) => {
      const where = `${path}.ProcessingInputs[${i}]`;
      const s3 = input.S3Input;
      if (!s3) {
        issues.push({ path: where, message: `input ${input.InputName ?? i} is not an S3Input (DatasetDefinition inputs are not supported locally)` });
        return;
      }
      if (s3.S3DataType !== undefined && s3.S3DataType !== 'S3Prefix') issues.push({ path: `${where}.S3Input.S3DataType`, message: `${String(s3.S3DataType)} is not supported locally (S3Prefix only)` });
      if (s3.S3CompressionType === 'Gzip') issues.push({ path: `${where}.S3Input.S3CompressionType`, message: 'Gzip is not supported locally' });
      if (s3.S3InputMode === 'Pipe') issues.push({ path: `${where}.S3Input.S3InputMode`, message: 'Pipe mode is not supported locally (File only)' });
      if (typeof s3.LocalPath === 'string' && !/^\/opt\/ml(\/|$)/.test(s3.LocalPath)) issues.push({ path: `${where}.S3Input.LocalPath`, message: `"${s3.LocalPath}" is not under /opt/ml` });
    });
  }
  if (type === 'Training') {
    const hp = (a.HyperParameters ?? {}) as Record<string, Json>;
    const algo = (a.AlgorithmSpecification ?? {}) as Record<string, Json>;
    if (algo.TrainingInputMode !== undefined && algo.TrainingInputMode !== 'File') {
      issues.push({ path: `${path}.AlgorithmSpecification.TrainingInputMode`, message: `${String(algo.TrainingInputMode)} mode is not supported locally (File only)` });
    }
    const channels = Array.isArray(a.InputDataConfig) ? (a.InputDataConfig as Record<string, Json>[]) : [];
    channels.forEach((ch, i) => {
      const where = `${path}.InputDataConfig[${i}] (${String(ch.ChannelName ?? i)})`;
      const src = ((ch.DataSource ?? {}) as Record<string, Json>).S3DataSource as Record<string, Json> | undefined;
      if (!src) issues.push({ path: where, message: 'only an S3DataSource channel is supported locally (not FileSystemDataSource)' });
      else if (src.S3DataType !== undefined && src.S3DataType !== 'S3Prefix') {
        issues.push({ path: `${where}.DataSource.S3DataSource.S3DataType`, message: `${String(src.S3DataType)} channels are not supported locally (S3Prefix only)` });
      }
      if (ch.InputMode !== undefined && ch.InputMode !== 'File') issues.push({ path: `${where}.InputMode`, message: `${String(ch.InputMode)} mode is not supported locally (File only)` });
      if (ch.CompressionType === 'Gzip') issues.push({ path: `${where}.CompressionType`, message: 'Gzip channels are not supported locally' });
    });
    const isValue = (v: Json | undefined) => typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v));
    if (!isValue(hp.sagemaker_program) || !isValue(hp.sagemaker_submit_directory)) {
      issues.push({
        path: `${path}.HyperParameters`,
        message: 'a Training step runs locally only as a script: it needs sagemaker_program and sagemaker_submit_directory hyperparameters (as a framework estimator sets them); a built-in algorithm image cannot run locally',
      });
    }
  }
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
