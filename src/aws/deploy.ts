/**
 * `sagewire deploy`: put a compiled pipeline into SageMaker and optionally run it.
 *
 * Order matters: everything that can be checked locally (definition, name, role ARN,
 * parameters) is checked first, then region and credentials, then the buckets; only then is
 * anything uploaded, and the pipeline is created or updated last, so a failure never leaves
 * a pipeline pointing at code that is not there.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { PipelineDefinitionS3Location, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { manifestPathFor, readManifest, type AssetManifest } from '../assets/index.js';
import { uploadAssets } from '../store/upload-assets.js';
import { UsageError } from '../errors.js';
import { openStore, type ObjectStore } from '../store/index.js';
import { checkRoleArn } from './arns.js';
import { verifyAssetFiles } from './asset-files.js';
import { checkCodeReferences } from './code-references.js';
import { checkCodeObjectsExist, checkRegistrars, stepRoles, withRoles } from './preflight.js';
import { bucketsOf, checkBucket } from './buckets.js';
import { createS3Client, createSageMakerClient, resolveCallerSetup, resolveEndpoint, type AwsOptions } from './clients.js';
import { readDeployDefinition, type LoadedDefinition } from './definition-file.js';
import { INLINE_DEFINITION_LIMIT, needsS3Location, putDefinition } from './definition-location.js';
import { describeExecution, type ExecutionReport } from './executions.js';
import { checkNetworkParameters, definitionParameters, parseParameterOverrides } from './parameters.js';
import { choosePipelineName } from './pipeline-name.js';
import { startExecution } from './start.js';
import { upsertPipeline } from './upsert.js';
import { waitForExecution, type WaitOptions } from './wait.js';

export interface DeployOptions extends AwsOptions {
  /** The compiled definition; its asset manifest is read from beside it. */
  definitionPath: string;
  /** IAM role SageMaker assumes to run the pipeline. */
  roleArn: string;
  /** Default: the manifest's `pipelineName`, else the definition's file name, sanitized. */
  name?: string;
  /** Default: `manifestPathFor(definitionPath)`; a missing manifest means nothing to upload. */
  manifestPath?: string;
  /** Bucket for a definition of 100 KiB or more. Default: the bucket of the first asset. */
  bucket?: string;
  /** `K=V` execution parameter overrides (implies nothing by itself; used with `start`). */
  parameters?: string[];
  start?: boolean;
  /** Wait for the started execution (implies `start`); an object tunes the polling. */
  wait?: boolean | WaitOptions;
  /** Replace every step's RoleArn / ExecutionRoleArn with `roleArn` (else differing ones are only reported). */
  rewriteRoles?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface DeployResult {
  pipelineName: string;
  pipelineArn: string;
  action: 'created' | 'updated';
  region: string;
  definition: { bytes: number; via: 'inline' | 's3'; uri?: string };
  assets: { uploaded: string[]; skipped: string[] };
  execution?: { arn: string; report?: ExecutionReport; finished?: boolean };
}

interface Plan {
  def: LoadedDefinition;
  manifest: AssetManifest | undefined;
  name: string;
  overrides: ReturnType<typeof parseParameterOverrides>;
  definitionBucket: string | undefined;
}

/** The checks that need no network. */
async function plan(opts: DeployOptions): Promise<Plan> {
  let def = await readDeployDefinition(opts.definitionPath);
  const manifestPath = opts.manifestPath ?? manifestPathFor(opts.definitionPath);
  const manifest = await readManifest(manifestPath);
  checkRegistrars(opts.definitionPath, def.json);
  const unverified = checkCodeReferences(opts.definitionPath, def.json, manifest, manifestPath);
  if (manifest) await verifyAssetFiles(manifest, manifestPath);
  if (unverified.length > 0) {
    opts.log?.(`no asset manifest at ${manifestPath}: the ${unverified.length} code object(s) the definition names must already be in S3`);
  }
  const name = choosePipelineName(opts.name, [manifest?.pipelineName, basename(opts.definitionPath).replace(/\.json$/i, '')]);
  checkRoleArn(opts.roleArn);
  const differing = stepRoles(def.json).filter((r) => r.role !== opts.roleArn);
  if (differing.length > 0 && opts.rewriteRoles) {
    def = rewrittenDefinition(def, opts.roleArn);
    opts.log?.(`--rewrite-roles: ${differing.length} step role(s) now ${opts.roleArn}`);
  } else {
    for (const r of differing) {
      opts.log?.(`warning: step ${r.step} runs as ${r.role} (${r.key}), not --role ${opts.roleArn}; pass --rewrite-roles to use --role for every step`);
    }
  }
  const overrides = parseParameterOverrides(opts.parameters ?? [], definitionParameters(def.json));
  if (overrides.length > 0 && !opts.start && !opts.wait) {
    throw new UsageError('--param sets execution parameters: add --start (or --wait)');
  }
  if (opts.start || opts.wait) checkNetworkParameters(def.json, overrides);
  let definitionBucket: string | undefined;
  if (needsS3Location(def)) {
    definitionBucket = opts.bucket ?? (manifest && manifest.assets.length > 0 ? bucketsOf([manifest.assets[0]!.uri])[0] : undefined);
    if (!definitionBucket) {
      throw new UsageError(
        `${opts.definitionPath} is ${def.bytes} bytes (SageMaker takes definitions of ${INLINE_DEFINITION_LIMIT} bytes or more from S3) ` +
          'and has no assets to take a bucket from: pass --bucket <bucket>',
      );
    }
  }
  return { def, manifest, name, overrides, definitionBucket };
}

/** The loaded definition with every step role set to `role` (what is sent changes, the file does not). */
function rewrittenDefinition(def: LoadedDefinition, role: string): LoadedDefinition {
  const json = withRoles(def.json, role);
  const body = JSON.stringify(json);
  const buf = Buffer.from(body, 'utf8');
  return { ...def, json, body, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
}

async function uploadEverything(p: Plan, store: ObjectStore, log: (l: string) => void) {
  const assets = p.manifest
    ? await uploadAssets(p.manifest, store, { skipExisting: true, onAsset: (a, what) => log(`${what} ${a.uri}`), log })
    : { uploaded: [], skipped: [] };
  let definition: DeployResult['definition'] = { bytes: p.def.bytes, via: 'inline' };
  let s3Location: PipelineDefinitionS3Location | undefined;
  if (p.definitionBucket) {
    const put = await putDefinition(store, p.definitionBucket, p.name, p.def);
    log(`${put.uploaded ? 'uploaded' : 'skipped'} definition ${put.uri} (${p.def.bytes} bytes)`);
    definition = { bytes: p.def.bytes, via: 's3', uri: put.uri };
    s3Location = put.location;
  }
  return { assets, definition, s3Location };
}

async function runExecution(client: SageMakerClient, opts: DeployOptions, p: Plan, log: (l: string) => void) {
  const arn = await startExecution(client, p.name, { parameters: p.overrides });
  log(`started ${arn}`);
  if (!opts.wait) return { arn };
  const waitOpts = typeof opts.wait === 'object' ? opts.wait : {};
  const { report, finished } = await waitForExecution(() => describeExecution(client, arn), {
    ...waitOpts,
    onChange: waitOpts.onChange ?? log,
  });
  return { arn, report, finished };
}

export async function deployPipeline(opts: DeployOptions): Promise<DeployResult> {
  const log = opts.log ?? (() => {});
  const p = await plan(opts);
  const endpoint = resolveEndpoint(opts);
  const client = createSageMakerClient({ ...opts, ...(endpoint ? { endpoint } : {}) });
  const { region } = await resolveCallerSetup(client);
  const aws: AwsOptions = { ...opts, region, ...(endpoint ? { endpoint } : {}) };

  const s3 = createS3Client(aws);
  const codeBuckets = bucketsOf((p.manifest?.assets ?? []).map((a) => a.uri));
  for (const bucket of codeBuckets) await checkBucket(s3, bucket, region, 'code');
  if (p.definitionBucket && !codeBuckets.includes(p.definitionBucket)) {
    await checkBucket(s3, p.definitionBucket, region, 'definition');
  }

  if (!p.manifest) {
    const n = await checkCodeObjectsExist(s3, opts.definitionPath, p.def.json);
    log(`all ${n} code object(s) the definition names are in S3`);
  }

  const store = openStore({
    ...(endpoint ? { endpoint } : {}),
    region,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  });
  const { assets, definition, s3Location } = await uploadEverything(p, store, log);

  const upsert = await upsertPipeline(client, {
    name: p.name,
    roleArn: opts.roleArn,
    ...(s3Location ? { s3Location } : { body: p.def.body }),
  });
  log(`${upsert.action} pipeline ${p.name} (${upsert.pipelineArn})`);

  const result: DeployResult = {
    pipelineName: p.name,
    pipelineArn: upsert.pipelineArn,
    action: upsert.action,
    region,
    definition,
    assets: { uploaded: assets.uploaded.map((a) => a.uri), skipped: assets.skipped.map((a) => a.uri) },
  };
  if (opts.start || opts.wait) result.execution = await runExecution(client, opts, p, log);
  return result;
}
