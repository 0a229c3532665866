/**
 * What the local runner refuses before anything runs, per step kind: argument shapes it
 * cannot honour (Pipe mode, Gzip inputs, a built-in algorithm image, ...).
 */
import type { Issue } from '../errors.js';
import type { Json, StepDef } from './definition.js';

/** Adds to `issues` every reason `def` cannot run locally. */
export type ShapeCheck = (def: StepDef, issues: Issue[]) => void;

export const checkProcessingShape: ShapeCheck = (def, issues) => {
  const path = `Steps.${def.Name}`;
  const a = (def.Arguments ?? {}) as Record<string, Json>;
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
};

export const checkTrainingShape: ShapeCheck = (def, issues) => {
  const path = `Steps.${def.Name}`;
  const a = (def.Arguments ?? {}) as Record<string, Json>;
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
};

/** A kind whose arguments the runner takes as they come (Model, RegisterModel, Condition, Fail). */
export const anyShape: ShapeCheck = () => {};
