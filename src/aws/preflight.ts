/**
 * Deploy's pre-flight: what would make a deployed pipeline fail on a real account, found
 * before anything is uploaded.
 * - a registration step with no registrar (it could register nowhere);
 * - step roles that differ from `--role` (said, and rewritten when asked);
 * - for a definition sagewire did not compile (no asset manifest), every code object it names
 *   that is not in S3 (HeadObject; a prefix counts when it holds an object), all at once.
 */
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { basename } from 'node:path';
import { DefinitionError, type Issue } from '../errors.js';
import { PROCESSING_CODE_DIR } from '../spec/contract.js';
import { nodeScriptOf } from '../spec/node-entrypoint.js';
import { REGISTRATION_CONTRACT } from '../steps/registration/contract.js';
import { parseS3Uri } from '../store/index.js';
import { isMissingBucket, isMissingObject, toAwsError } from '../store/aws-errors.js';
import { hashedCodeUris } from './code-references.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const stepsOf = (def: Obj): Obj[] => (Array.isArray(def.Steps) ? def.Steps.filter(isObj) : []);
const argsOf = (step: Obj): Obj => (isObj(step.Arguments) ? step.Arguments : {});

/** Refuses registration steps (sagewire's register script) that name no registrar. */
export function checkRegistrars(definitionPath: string, def: Obj): void {
  const issues: Issue[] = [];
  for (const step of stepsOf(def)) {
    const args = argsOf(step);
    const app = isObj(args.AppSpecification) ? args.AppSpecification : {};
    const command = (Array.isArray(app.ContainerEntrypoint) ? app.ContainerEntrypoint : []).filter((x): x is string => typeof x === 'string');
    const node = nodeScriptOf(command);
    if (step.Type !== 'Processing' || !node || basename(node.script) !== REGISTRATION_CONTRACT.entryPoint) continue;
    const env = isObj(args.Environment) ? args.Environment : {};
    if (!('SAGEWIRE_REGISTRAR' in env)) {
      issues.push({
        path: `Steps.${String(step.Name)}.Arguments.Environment`,
        message: 'has no SAGEWIRE_REGISTRAR: set registrar ("inventory" with inventory_url, or "sagemaker") in its ModelRegistrationConfig and compile again',
      });
    }
  }
  if (issues.length > 0) {
    throw new DefinitionError(`${definitionPath}: ${issues.length} registration step(s) would register nowhere; nothing was uploaded`, issues);
  }
}

/** Where each step names the role its job runs as (a literal ARN only). */
export function stepRoles(def: Obj): { step: string; key: 'RoleArn' | 'ExecutionRoleArn'; role: string }[] {
  const out: { step: string; key: 'RoleArn' | 'ExecutionRoleArn'; role: string }[] = [];
  for (const step of stepsOf(def)) {
    const args = argsOf(step);
    for (const key of ['RoleArn', 'ExecutionRoleArn'] as const) {
      if (typeof args[key] === 'string') out.push({ step: String(step.Name), key, role: args[key] });
    }
  }
  return out;
}

/** The definition with every step role replaced by `role` (a copy). */
export function withRoles(def: Obj, role: string): Obj {
  const copy = structuredClone(def);
  for (const step of stepsOf(copy)) {
    const args = argsOf(step);
    for (const key of ['RoleArn', 'ExecutionRoleArn'] as const) if (typeof args[key] === 'string') args[key] = role;
  }
  return copy;
}

/** The code objects a definition names: content-hashed code URIs, code inputs, training source dirs. */
export function codeObjectUris(def: Obj): { path: string; uri: string }[] {
  const found = new Map<string, string>();
  for (const r of hashedCodeUris(def)) found.set(r.uri, r.path);
  for (const step of stepsOf(def)) {
    const args = argsOf(step);
    const name = String(step.Name);
    (Array.isArray(args.ProcessingInputs) ? args.ProcessingInputs : []).forEach((input, i) => {
      const s3 = isObj(input) && isObj(input.S3Input) ? input.S3Input : undefined;
      const local = typeof s3?.LocalPath === 'string' ? s3.LocalPath : '';
      if (typeof s3?.S3Uri === 'string' && (local === PROCESSING_CODE_DIR || local.startsWith(`${PROCESSING_CODE_DIR}/`))) {
        if (!found.has(s3.S3Uri)) found.set(s3.S3Uri, `Steps.${name}.Arguments.ProcessingInputs[${i}].S3Input.S3Uri`);
      }
    });
    const hp = isObj(args.HyperParameters) ? args.HyperParameters : {};
    const submit = typeof hp.sagemaker_submit_directory === 'string' ? hp.sagemaker_submit_directory.replace(/^"|"$/g, '') : '';
    if (submit.startsWith('s3://') && !found.has(submit)) found.set(submit, `Steps.${name}.Arguments.HyperParameters.sagemaker_submit_directory`);
  }
  return [...found].filter(([uri]) => uri.startsWith('s3://')).map(([uri, path]) => ({ path, uri }));
}

async function exists(s3: S3Client, uri: string): Promise<boolean> {
  const { bucket, key } = parseS3Uri(uri);
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if (!isMissingObject(err) && !isMissingBucket(err)) {
      throw toAwsError(err, `HeadObject ${uri}`);
    }
  }
  try {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key.endsWith('/') ? key : `${key}/`, MaxKeys: 1 }));
    return (listed.KeyCount ?? 0) > 0;
  } catch (err) {
    if (isMissingBucket(err)) return false;
    throw toAwsError(err, `ListObjectsV2 ${uri}`);
  }
}

/** Refuses a foreign definition whose code objects are not in S3, naming every missing one. */
export async function checkCodeObjectsExist(s3: S3Client, definitionPath: string, def: Obj): Promise<number> {
  const refs = codeObjectUris(def);
  const issues: Issue[] = [];
  for (const r of refs) if (!(await exists(s3, r.uri))) issues.push({ path: r.path, message: `${r.uri} is not in S3` });
  if (issues.length > 0) {
    throw new DefinitionError(
      `${definitionPath} has no asset manifest and ${issues.length} of the ${refs.length} code object(s) it names are not in S3: upload them first (or compile with sagewire, which uploads its own); nothing was uploaded`,
      issues,
    );
  }
  return refs.length;
}
